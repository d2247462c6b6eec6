import Foundation
import OpenVUMDomain

/// The body of `PATCH /api/v1/orders/{id}`, a JSON merge patch of a draft: a field left out is kept, `null` clears
/// the fields that may be empty (`endDate`: no end date; `coPayment`, `coordinationNeeded`: not stated). Every
/// field that cannot be read is reported at once, in Danish.
enum OrderDraftPatch {
    static let fields: Set<String> = ["startDate", "endDate", "unitsPerPeriod", "repetitions", "unitPrice", "coPayment", "coordinationNeeded", "shared"]

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
        if let raw = patch["shared"] {
            if raw is NSNull { c.shared = SharedSelection() } else if let object = raw as? [String: Any] { c.shared = selection(object, &e) } else {
                e.add("shared", "Angiv et objekt med parts, documentIds og noteIds.")
            }
        }
        try e.throwIfAny()
        return c
    }

    /// The `shared` object: the lists replace the draft's choice (a list left out is empty).
    static func selection(_ object: [String: Any], _ e: inout FieldErrorCollector) -> SharedSelection {
        var s = SharedSelection()
        for key in Set(object.keys).subtracting(["parts", "documentIds", "noteIds"]).sorted() { e.add("shared.\(key)", "Ukendt felt.") }
        if let raw = object["parts"] {
            if let list = raw as? [String] {
                for (i, v) in list.enumerated() {
                    if let part = SharedPart(rawValue: v) { s.parts.append(part) } else {
                        e.add("shared.parts.\(i)", "Vælg blandt \(SharedPart.allCases.map(\.rawValue).joined(separator: ", ")).")
                    }
                }
            } else { e.add("shared.parts", "Angiv en liste af dele.") }
        }
        func ids(_ key: String) -> [UUID] {
            guard let raw = object[key] else { return [] }
            guard let list = raw as? [String] else { e.add("shared.\(key)", "Angiv en liste af id'er."); return [] }
            return list.enumerated().compactMap { i, v in
                if let id = UUID(uuidString: v) { return id }
                e.add("shared.\(key).\(i)", "Et id skal være et UUID.")
                return nil
            }
        }
        s.documentIDs = ids("documentIds")
        s.noteIDs = ids("noteIds")
        return s
    }
}

extension NSNumber {
    /// Whether JSONSerialization read this number from `true` or `false` (a boolean's type code is a C char).
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
