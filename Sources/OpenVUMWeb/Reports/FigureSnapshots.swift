import Foundation
import OpenVUMDomain

/// The management figures are computed from every case of the viewer's scope on R (`FigureStore.input`), which at a
/// municipality of 50,000 cases takes half a minute to read; the cases are kept per scope and reference date
/// (`OPENVUM_FIGURE_SNAPSHOT_SECONDS`, 0: off), and per kept set the figures of each report and filter, and the API's
/// answers. The pages and the API show when the cases were read (issue 15 item 7).
typealias FigureSnapshots = Snapshots<ManagementInput, FigureChoice, FigureDerivation>

/// What is derived from the kept cases: the figures `ids` over the cases the filter keeps (nil: all), with the periods
/// from `first` (nil: the cases' own); or, `encoded`, the API's whole answer with the economy's ledger computed at
/// `economyComputedAt`.
struct FigureChoice: Equatable, Sendable {
    var ids: [String]
    var filter: ReportFilter? = nil
    var first: YearMonth? = nil
    var encoded = false
    var economyComputedAt: Date? = nil
    /// The codes the report filters offer (`ReportCodes`) instead of figures.
    var codes = false
}

enum FigureDerivation: Sendable {
    case figures([String: FigureValue])
    case encoded(Data)
    case codes(ReportCodes)
}

extension Snapshots where Value == ManagementInput, Choice == FigureChoice, Derived == FigureDerivation {
    convenience init(ttl: TimeInterval, stale: TimeInterval) {
        self.init(ttl: ttl, stale: stale, capacity: 8, derivedPerValue: 48, derive: FigureSnapshots.derive)
    }

    /// The figures of a choice (the API's encoded answer needs the database, so it is derived by the request).
    @Sendable static func derive(_ input: ManagementInput, _ choice: FigureChoice) -> FigureDerivation? {
        choice.encoded ? nil : choice.codes ? .codes(ReportCodes(input.cases)) : .figures(figures(input, choice))
    }

    static func figures(_ input: ManagementInput, _ choice: FigureChoice) -> [String: FigureValue] {
        var input = input
        if let filter = choice.filter { input.cases = input.cases.filter { filter.matches($0, on: input.referenceDate) } }
        if let first = choice.first { input.periods = FigurePeriods(first: first, referenceDate: input.referenceDate) }
        return ManagementFigures.compute(input, ids: choice.ids)
    }

    /// The figures of a choice over a kept input, computed once per kept input.
    func figures(_ p: Principal, referenceDate r: CalendarDate, input: ManagementInput, computedAt: Date, choice: FigureChoice) -> [String: FigureValue] {
        if case .figures(let f)? = derived(p, referenceDate: r, value: input, computedAt: computedAt, choice: choice) { return f }
        return Self.figures(input, choice)
    }

    /// The report filters' codes of a kept input, collected once per kept input.
    func codes(_ p: Principal, referenceDate r: CalendarDate, input: ManagementInput, computedAt: Date) -> ReportCodes {
        if case .codes(let codes)? = derived(p, referenceDate: r, value: input, computedAt: computedAt, choice: FigureChoice(ids: [], codes: true)) { return codes }
        return ReportCodes(input.cases)
    }
}
