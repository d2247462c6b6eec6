import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// A case as stored: the columns lists filter on, and the document.
public struct CaseRecord: Sendable, Equatable {
    public var id: UUID
    public var municipalityID: UUID
    public var citizenID: UUID
    public var responsibleUnitID: UUID
    public var caseworkerID: UUID?
    public var phase: CasePhase
    public var openedOn: CalendarDate
    public var closedOn: CalendarDate?
    public var nextDeadlineOn: CalendarDate?
    public var nextDeadlineKind: String?
    public var kleEmne: String?
    public var kleFacet: String?
    public var document: CaseDocument
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The case number ("2026-00042"), unique within the municipality.
    public var caseNumber: String
    /// What the case is about (`CaseRules.paragraphSummary`), kept beside the document for lists.
    public var paragraphs: String?

    public init(id: UUID, municipalityID: UUID, citizenID: UUID, responsibleUnitID: UUID, caseworkerID: UUID?, phase: CasePhase,
                openedOn: CalendarDate, closedOn: CalendarDate?, nextDeadlineOn: CalendarDate?, nextDeadlineKind: String?,
                kleEmne: String?, kleFacet: String?, document: CaseDocument, version: Int, createdAt: Date, updatedAt: Date,
                caseNumber: String, paragraphs: String? = nil) {
        self.caseNumber = caseNumber
        self.paragraphs = paragraphs
        self.id = id
        self.municipalityID = municipalityID
        self.citizenID = citizenID
        self.responsibleUnitID = responsibleUnitID
        self.caseworkerID = caseworkerID
        self.phase = phase
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.nextDeadlineOn = nextDeadlineOn
        self.nextDeadlineKind = nextDeadlineKind
        self.kleEmne = kleEmne
        self.kleFacet = kleFacet
        self.document = document
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One row of a case list or worklist (no document: lists stay cheap).
public struct CaseSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var citizenID: UUID
    public var citizenName: String
    public var responsibleUnitID: UUID
    public var caseworkerID: UUID?
    public var phase: CasePhase
    public var openedOn: String
    public var nextDeadlineOn: String?
    public var nextDeadlineKind: String?
    public var version: Int
    /// The case number ("2026-00042").
    public var caseNumber: String = ""
    /// What the case is about (`CaseRules.paragraphSummary`): "SEL § 85, SEL § 107".
    public var paragraphs: String?
    /// The responsible caseworker's name; nil when the case has none.
    public var caseworkerName: String?
}

public struct CaseHistory: Sendable {
    public struct Transition: Sendable, Codable, Equatable {
        public var from: CasePhase?
        public var to: CasePhase
        public var at: Date
        public var userID: UUID?
        public var reason: String?
        /// A closing's coded reason and the day it took effect.
        public var closeReason: CloseReason?
        public var effectiveOn: CalendarDate?
        public init(from: CasePhase?, to: CasePhase, at: Date, userID: UUID?, reason: String?, closeReason: CloseReason? = nil, effectiveOn: CalendarDate? = nil) {
            self.from = from
            self.to = to
            self.at = at
            self.userID = userID
            self.reason = reason
            self.closeReason = closeReason
            self.effectiveOn = effectiveOn
        }
        enum CodingKeys: String, CodingKey { case from, to, at, userID = "userId", reason, closeReason, effectiveOn }
    }
    public struct NationalState: Sendable, Codable, Equatable {
        public var state: NationalCaseState
        public var validFrom: Date
        public var validTo: Date?
    }
    public struct KLEChange: Sendable, Codable, Equatable {
        public var emne: String?
        public var facet: String?
        public var validFrom: Date
        public var userID: UUID?
        enum CodingKeys: String, CodingKey { case emne, facet, validFrom, userID = "userId" }
    }
    public struct LevelVersion: Sendable, Codable, Equatable {
        public var subtheme: String
        public var level: Decimal
        public var severity: String?
        public var assessedOn: String
        public var recordedAt: Date
    }
    public var transitions: [Transition]
    public var nationalStates: [NationalState]
    public var kle: [KLEChange]
    public var functionalLevels: [LevelVersion]
    /// Every holder of the case, first to last.
    public var assignments: [CaseAssignment] = []
    /// Dated versions of the target groups (ID 60) and the support need (ID 59).
    public var targetGroups: [TargetGroupsVersion] = []
    public var supportNeeds: [SupportNeedVersion] = []
    /// Dated versions of another acting and another paying municipality (IDs 19–20): a handover keeps the case
    /// and its whole history; each change of either is a version from the day it was recorded.
    public var municipalities: [MunicipalityVersion] = []
    enum Fact: String { case targetGroups, supportNeed, actingMunicipality, payingMunicipality, actionPlan }
    public init(transitions: [Transition], nationalStates: [NationalState], kle: [KLEChange], functionalLevels: [LevelVersion], assignments: [CaseAssignment] = []) {
        self.transitions = transitions
        self.nationalStates = nationalStates
        self.kle = kle
        self.functionalLevels = functionalLevels
        self.assignments = assignments
    }
}

/// Caseload and overdue deadlines per caseworker (ID 22), for team leaders.
public struct CaseloadRow: Sendable, Equatable, Codable {
    public var caseworkerID: UUID?
    public var caseworkerName: String?
    public var openCases: Int
    public var overdueCases: Int
}

// The API writes every field of the history, `null` when empty (its one null policy).
extension CaseHistory.Transition {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(at, forKey: .at)
        try c.encode(userID, forKey: .userID)
        try c.encode(reason, forKey: .reason)
        try c.encode(closeReason, forKey: .closeReason)
        try c.encode(effectiveOn, forKey: .effectiveOn)
    }
}

extension CaseHistory.NationalState {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo, forKey: .validTo)
    }
}

extension CaseHistory.KLEChange {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(emne, forKey: .emne)
        try c.encode(facet, forKey: .facet)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(userID, forKey: .userID)
    }
}

extension CaseHistory.LevelVersion {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subtheme, forKey: .subtheme)
        try c.encode(level, forKey: .level)
        try c.encode(severity, forKey: .severity)
        try c.encode(assessedOn, forKey: .assessedOn)
        try c.encode(recordedAt, forKey: .recordedAt)
    }
}

/// A registered inquiry (henvendelse): on a case, or on a citizen before any case exists (`caseID` nil).
public struct InquiryRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var citizenID: UUID
    public var caseID: UUID?
    public var receivedOn: CalendarDate
    public var inquirer: Inquirer?
    public var origin: CaseOrigin?
    enum CodingKeys: String, CodingKey { case id, citizenID = "citizenId", caseID = "caseId", receivedOn, inquirer, origin }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(citizenID, forKey: .citizenID)
        try c.encode(caseID, forKey: .caseID)
        try c.encode(receivedOn, forKey: .receivedOn)
        try c.encode(inquirer, forKey: .inquirer)
        try c.encode(origin, forKey: .origin)
    }
}

/// The target groups (ID 60) from a day on; empty codes when they were cleared.
public struct TargetGroupsVersion: Sendable, Equatable, Codable {
    public var codes: [String]
    public var primary: String?
    public var validFrom: CalendarDate?
    public init(codes: [String], primary: String? = nil, validFrom: CalendarDate? = nil) {
        self.codes = codes
        self.primary = primary
        self.validFrom = validFrom
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(codes, forKey: .codes)
        try c.encode(primary, forKey: .primary)
        if let validFrom { try c.encode(validFrom, forKey: .validFrom) }
    }
}

/// Another acting (ID 19) or paying (ID 20) municipality from a day on; nil when it became the case's own again.
public struct MunicipalityVersion: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable { case acting, paying }
    public var role: Role
    public var code: String?
    public var validFrom: CalendarDate
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(code, forKey: .code)
        try c.encode(validFrom, forKey: .validFrom)
    }
}

/// The support need (ID 59) from a day on; nil when it was cleared.
public struct SupportNeedVersion: Sendable, Equatable, Codable {
    public var code: String?
    public var validFrom: CalendarDate
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(validFrom, forKey: .validFrom)
    }
}
