import Foundation
import OpenVUMDomain
import Testing

@Suite("Case numbers and what a case is about")
struct CaseNumberTests {
    @Test("written as the year and at least five digits")
    func written() {
        #expect(CaseNumber(year: 2026, sequence: 42).description == "2026-00042")
        #expect(CaseNumber(year: 2026, sequence: 1).description == "2026-00001")
        #expect(CaseNumber(year: 2027, sequence: 123_456).description == "2027-123456")
    }

    @Test("read as typed: leading zeros, a slash or a space, spaces around", arguments: [
        ("2026-00042", 2026, 42), ("2026-42", 2026, 42), (" 2026/00042 ", 2026, 42), ("2026 7", 2026, 7), ("1999-123456", 1999, 123_456),
    ])
    func read(text: String, year: Int, sequence: Int) {
        #expect(CaseNumber(text) == CaseNumber(year: year, sequence: sequence))
    }

    @Test("a CPR number, a name, a date or a number without a year is not a case number", arguments: [
        "010190-1234", "0101901234", "Mads Holm", "2026", "2026-", "-42", "2026-0", "26-00042", "2026-00-42", "01-12-2026", "2026-1234567890", "２０２６-42",
    ])
    func notCaseNumbers(text: String) {
        #expect(CaseNumber(text) == nil)
    }

    @Test("ordered by year, then running number")
    func order() {
        #expect(CaseNumber(year: 2025, sequence: 900) < CaseNumber(year: 2026, sequence: 1))
        #expect(CaseNumber(year: 2026, sequence: 2) < CaseNumber(year: 2026, sequence: 10))
    }

    @Test("the search box tells a case number from a CPR number and a name")
    func searchBox() throws {
        #expect(try CitizenRules.searchQuery(" 2026-00042 ") == .caseNumber(CaseNumber(year: 2026, sequence: 42)))
        #expect(try CitizenRules.searchQuery("010190-1234") == .cpr(try CPRNumber("0101901234")))
        #expect(try CitizenRules.searchQuery("Mads") == .nameText("Mads"))
    }

    static func intervention(_ paragraph: String?, decided: DecisionOutcome?, grantedAs: String? = nil, ended: Bool = false) -> Intervention {
        var x = Intervention()
        x.services = [CodedService(code: "x", paragraph: paragraph)]
        if let decided {
            var d = InterventionDecision()
            d.outcome = decided
            d.paragraph = grantedAs
            x.decision = d
        }
        if ended { x.end = InterventionEnd(endedOn: CalendarDate(year: 2026, month: 6, day: 1)!, reason: .expired) }
        return x
    }

    @Test("what a case is about: granted paragraphs that have not ended, else recommended ones, else those applied for")
    func paragraphSummary() {
        var doc = CaseDocument()
        #expect(CaseRules.paragraphSummary(doc) == nil)
        doc.opening.paragraphsAppliedFor = ["SEL § 85", "SEL § 107"]
        #expect(CaseRules.paragraphSummary(doc) == "SEL § 85, SEL § 107")
        // Recommended (undecided) interventions replace what was applied for; a refused one does not count.
        doc.interventions = [Self.intervention("SEL § 107", decided: nil), Self.intervention("SEL § 97", decided: .refused)]
        #expect(CaseRules.paragraphSummary(doc) == "SEL § 107")
        // A grant names the paragraph it was granted under, which may differ from the recommendation's.
        doc.interventions.append(Self.intervention("SEL § 85", decided: .granted, grantedAs: "SEL § 85a"))
        doc.interventions.append(Self.intervention("SEL § 85", decided: .granted))
        doc.interventions.append(Self.intervention("SEL § 85", decided: .granted))
        #expect(CaseRules.paragraphSummary(doc) == "SEL § 85a, SEL § 85")
        // An ended grant no longer says what the case is about.
        doc.interventions = [Self.intervention("SEL § 104", decided: .granted, ended: true), Self.intervention("SEL § 85", decided: .granted)]
        #expect(CaseRules.paragraphSummary(doc) == "SEL § 85")
    }
}
