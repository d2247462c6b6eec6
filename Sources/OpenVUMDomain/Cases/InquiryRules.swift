import Foundation

/// Henvendelser (inquiries, ID 21): each inquiry counts once on the case it concerns — the one that opened
/// it, any registered on the citizen before it was opened (taken over at opening), and any registered on it
/// while open.
public enum InquiryRules {
    /// The day an inquiry was received: the given day or today; never in the future, nor before the case it is
    /// registered on was opened.
    public static func receivedOn(_ given: CalendarDate?, today: CalendarDate, notBefore: CalendarDate?) throws(DomainError) -> CalendarDate {
        let day = given ?? today
        if day > today { throw DomainError.validation([FieldError(field: "receivedOn", message: "Datoen \(day.danish) ligger i fremtiden.")]) }
        if let notBefore, day < notBefore {
            throw DomainError.validation([FieldError(field: "receivedOn", message: "Datoen \(day.danish) ligger før sagens åbning (\(notBefore.danish)).")])
        }
        return day
    }
}
