import Foundation
import OpenVUMDomain

/// The body of `PATCH /api/v1/orders/{id}`, a JSON merge patch of a draft: a field left out is kept, `null` clears
/// the fields that may be empty (`endDate`: no end date; `coPayment`, `coordinationNeeded`: not stated). Every
/// field that cannot be read is reported at once, in Danish.
enum OrderDraftPatch {
    static let fields: Set<String> = ["startDate", "endDate", "unitsPerPeriod", "repetitions", "unitPrice", "coPayment", "coordinationNeeded"]

    static func change(from patch: [String: Any]) throws -> OrderRules.DraftChange {
        var e = FieldErrorCollector()
        for key in Set(patch.keys).subtracting(fields).sorted() {
            e.add(key, "Ukendt felt. Tilladte felter: \(fields.sorted().joined(separator: ", ")).")
        }
        var c = OrderRules.DraftChange()
        func date(_ key: String) -> CalendarDate? {
            guard let raw = patch[key] as? String, let d = CalendarDate(raw) else { e.add(key, "Angiv datoen som ÅÅÅÅ-MM-DD."); return nil }
            return d
        }
        func integer(_ key: String) -> Int? {
            guard let n = patch[key] as? NSNumber, !n.isBoolean, let i = Int(exactly: n.doubleValue) else { e.add(key, "Angiv et helt tal."); return nil }
            return i
        }
        if patch["startDate"] != nil {
            if patch["startDate"] is NSNull { e.add("startDate", "En bestilling har altid en startdato.") } else { c.startDate = date("startDate") }
        }
        if patch["endDate"] != nil { c.endDate = patch["endDate"] is NSNull ? .some(nil) : date("endDate").map { .some($0) } }
        if let raw = patch["unitsPerPeriod"] {
            if let n = raw as? NSNumber, !n.isBoolean, let d = Decimal(typed: n.stringValue) { c.unitsPerPeriod = d } else {
                e.add("unitsPerPeriod", "Angiv antal enheder pr. periode som et tal, fx 10.25.")
            }
        }
        if patch["repetitions"] != nil { c.repetitions = integer("repetitions") }
        if patch["unitPrice"] != nil { c.unitPrice = integer("unitPrice") }
        if patch["coPayment"] != nil { c.coPayment = patch["coPayment"] is NSNull ? .some(nil) : integer("coPayment").map { .some($0) } }
        if let raw = patch["coordinationNeeded"] {
            if raw is NSNull { c.coordinationNeeded = .some(nil) } else if let n = raw as? NSNumber, n.isBoolean { c.coordinationNeeded = .some(n.boolValue) } else {
                e.add("coordinationNeeded", "Angiv true eller false.")
            }
        }
        try e.throwIfAny()
        return c
    }
}

extension NSNumber {
    /// Whether JSONSerialization read this number from `true` or `false` (a boolean's type code is a C char).
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
