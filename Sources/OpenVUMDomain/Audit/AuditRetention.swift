import Foundation

/// Audit retention: rows older than `months` calendar months before `now` may be purged.
public func auditPurgeCutoff(now: Date, months: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(byAdding: .month, value: -months, to: now)!
}
