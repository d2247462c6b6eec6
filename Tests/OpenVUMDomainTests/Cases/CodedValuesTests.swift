import Foundation
@testable import OpenVUMDomain
import Testing

@Suite("Coded values: legal paragraphs and municipality codes")
struct CodedValuesTests {
    @Test("paragraphs are read as their code from the one list; anything else is refused")
    func paragraphs() {
        #expect(LegalBasis.code(for: "SEL § 85") == "SEL § 85")
        #expect(LegalBasis.code(for: "Serviceloven § 85") == "SEL § 85")
        #expect(LegalBasis.code(for: "servicelovens §108 stk. 1") == "SEL § 108")
        #expect(LegalBasis.code(for: "Serviceloven § 108, stk. 7, nr. 1-3") == "SEL § 108")
        #expect(LegalBasis.code(for: "sel 101a") == "SEL § 101a")
        #expect(LegalBasis.code(for: "Almenboligloven § 105") == "ABL § 105")
        #expect(LegalBasis.code(for: "Lov om social service § 104") == "SEL § 104")
        #expect(LegalBasis.code(for: "SEL § 999") == nil)
        #expect(LegalBasis.code(for: "§ 85") == nil)
        #expect(LegalBasis.code(for: "Serviceloven §§ 107, 109, 110") == nil)
        #expect(LegalBasis.code(for: "85") == nil)
        #expect(LegalBasis.title(of: "SEL § 85") == "Socialpædagogisk støtte")
        #expect(Set(LegalBasis.all.map(\.code)).count == LegalBasis.all.count)
    }

    @Test("municipality codes are three digits; four with a leading zero are normalised")
    func municipalities() {
        #expect(MunicipalityCode.normalised("101") == "101")
        #expect(MunicipalityCode.normalised("0751") == "751")
        #expect(MunicipalityCode.normalised("1751") == nil)
        #expect(MunicipalityCode.normalised("75") == nil)
        #expect(MunicipalityCode.normalised("1O1") == nil)
    }

    @Test("the case stores coded values in their one format and refuses unknown ones naming the field")
    func onTheCase() {
        var doc = CaseDocument()
        doc.opening.paragraphsAppliedFor = ["Serviceloven § 85", "sel 107"]
        doc.opening.otherActingMunicipality = "0101"
        var derived = CaseRules.derive(doc, old: nil, context: context(.opening))
        #expect(derived.opening.paragraphsAppliedFor == ["SEL § 85", "SEL § 107"])
        #expect(derived.opening.otherActingMunicipality == "101")
        #expect(CaseRules.validate(derived, old: nil, context: context(.opening)).isEmpty)
        doc.opening.paragraphsAppliedFor = ["Serviceloven § 1000"]
        doc.opening.otherPayingMunicipality = "10100"
        derived = CaseRules.derive(doc, old: nil, context: context(.opening))
        let errors = CaseRules.validate(derived, old: nil, context: context(.opening))
        #expect(errors.map(\.field) == ["/opening/otherPayingMunicipality", "/opening/paragraphsAppliedFor/0"])
        // A primary target group must be one of the target groups.
        doc = CaseDocument()
        doc.assessment.primaryTargetGroup = "x"
        #expect(CaseRules.validate(doc, old: nil, context: context(.assessment)).map(\.field).contains("/assessment/primaryTargetGroup"))
    }

    @Test("quantities read as a caseworker says them")
    func quantities() {
        #expect(ServiceUnit.hour.quantity(1) == "1 time")
        #expect(ServiceUnit.hour.quantity(39) == "39 timer")
        #expect(ServiceUnit.hour.quantity(Decimal(string: "2.5")!) == "2,5 timer")
        #expect(ServiceUnit.day.quantity(365) == "365 døgn")
        #expect(ServiceUnit.month.quantity(12) == "12 måneder")
    }

    @Test("a letter's date is written out in Danish")
    func writtenDates() {
        #expect(CalendarDate(year: 2026, month: 12, day: 1)!.danishWritten == "1. december 2026")
        #expect(CalendarDate(year: 2027, month: 5, day: 17)!.danishWritten == "17. maj 2027")
    }

    @Test("a deadline in words, and an age in whole years")
    func deadlineWordsAndAge() {
        let today = CalendarDate(year: 2026, month: 12, day: 2)!
        #expect(DeadlineWords.daysLeft(today: today, due: today) == "i dag")
        #expect(DeadlineWords.daysLeft(today: today, due: CalendarDate(year: 2026, month: 12, day: 3)!) == "i morgen")
        #expect(DeadlineWords.daysLeft(today: today, due: CalendarDate(year: 2027, month: 1, day: 1)!) == "om 30 dage")
        #expect(DeadlineWords.daysLeft(today: today, due: CalendarDate(year: 2026, month: 12, day: 1)!) == "overskredet med 1 dag")
        #expect(DeadlineWords.daysLeft(today: today, due: CalendarDate(year: 2026, month: 11, day: 2)!) == "overskredet med 30 dage")
        #expect(AgeGroup.age(birthDate: CalendarDate(year: 1990, month: 12, day: 2)!, on: today) == 36)
        #expect(AgeGroup.age(birthDate: CalendarDate(year: 1990, month: 12, day: 3)!, on: today) == 35)
    }
}
