import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// The worklist's filters and order, read from its query (`?fase=sagsvurdering&sortering=borger&overskredne=1`):
/// a GET form, so a filtered list can be bookmarked and works without JavaScript.
struct CaseListOptions: Equatable {
    enum Order: String, CaseIterable {
        case frist, nyeste, borger, sagsnummer

        var danishName: String {
            switch self {
            case .frist: "Nærmeste frist"
            case .nyeste: "Nyeste sag først"
            case .borger: "Borgerens navn"
            case .sagsnummer: "Sagsnummer"
            }
        }
    }

    var phase: CasePhase?
    var order: Order = .frist
    var overdueOnly = false

    /// The options in `req`'s query; an unknown value is ignored (the list is shown unfiltered) rather than refused.
    init(_ req: Request) {
        phase = req.query[String.self, at: "fase"].flatMap(PhaseSlug.init(rawValue:))?.phase
            ?? req.query[String.self, at: "fase"].flatMap { $0 == "afsluttet" ? .closed : nil }
        order = req.query[String.self, at: "sortering"].flatMap(Order.init(rawValue:)) ?? .frist
        overdueOnly = req.query[String.self, at: "overskredne"] == "1"
    }

    init(phase: CasePhase? = nil, order: Order = .frist, overdueOnly: Bool = false) {
        self.phase = phase
        self.order = order
        self.overdueOnly = overdueOnly
    }

    var isDefault: Bool { self == CaseListOptions() }

    /// `items` filtered and ordered. By deadline: overdue first, no deadline last; ties by case number.
    func apply(_ items: [CaseSummary], today: CalendarDate) -> [CaseSummary] {
        let kept = items.filter { s in
            (phase == nil || s.phase == phase) && (!overdueOnly || (s.nextDeadlineOn.map { $0 < today.description } ?? false))
        }
        let number = { (s: CaseSummary) in CaseNumber(s.caseNumber) ?? CaseNumber(year: 0, sequence: 0) }
        switch order {
        case .frist:
            return kept.sorted { a, b in
                switch (a.nextDeadlineOn, b.nextDeadlineOn) {
                case let (x?, y?) where x != y: x < y
                case (nil, _?): false
                case (_?, nil): true
                default: number(a) < number(b)
                }
            }
        case .nyeste: return kept.sorted { ($0.openedOn, number($0)) > ($1.openedOn, number($1)) }
        case .borger:
            return kept.sorted { a, b in
                let order = a.citizenName.compare(b.citizenName, locale: Locale(identifier: "da_DK"))
                return order == .orderedSame ? number(a) < number(b) : order == .orderedAscending
            }
        case .sagsnummer: return kept.sorted { number($0) < number($1) }
        }
    }
}
