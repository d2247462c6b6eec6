import Foundation

/// The national receivers a municipality can configure (issue 16). Each has its own row of settings (endpoint,
/// credentials) and its own messages in the outbox.
public enum NationalReceiver: String, Sendable, Codable, CaseIterable {
    /// KOMBIT's Sags- og Dokumentindeks (SF1470 Sag).
    case caseIndex = "sagsindeks"
    /// KOMBIT's Ydelsesindeks (BevillingIndeks).
    case grantIndex = "ydelsesindeks"
    /// KL's FFB reporting (FHIR `KLReportingFFBDeliveryReport` Bundles).
    case ffbReporting = "ffb"
    /// Danmarks Statistik, "Handicap og udsatte voksne".
    case statistics = "dst"

    /// The indexes hold every case (or grant): switched on, they first load the municipality's existing ones.
    public var loadsExistingCases: Bool { self == .caseIndex || self == .grantIndex }

    public var danishName: String {
        switch self {
        case .caseIndex: "Sags- og Dokumentindeks"
        case .grantIndex: "Ydelsesindeks"
        case .ffbReporting: "FFB-indberetning"
        case .statistics: "Danmarks Statistik"
        }
    }
}

/// How a receiver is reached: a local receiver that records what it got (tests and the demo), HTTP(S), or
/// Serviceplatformen's SOAP (the Sags- og Dokumentindeks).
public enum ReceiverTransport: String, Sendable, Codable, CaseIterable {
    case local
    case http
    /// Serviceplatformen's SOAP 1.2 (`SF1470SOAP`): the Sags- og Dokumentindeks only.
    case soap

    public var danishName: String {
        switch self {
        case .local: "Lokal modtager (optager beskederne)"
        case .http: "HTTP(S)-endepunkt"
        case .soap: "Serviceplatformen (SOAP, SF1470)"
        }
    }

    /// Whether the transport sends to an endpoint.
    public var needsEndpoint: Bool { self != .local }
}

/// A municipality's settings for one receiver. The credentials themselves never enter the database: the
/// setting names the environment variable that holds them.
public struct ReceiverSettings: Sendable, Codable, Equatable {
    public var receiver: NationalReceiver
    public var transport: ReceiverTransport
    public var endpoint: String?
    public var credentialVariable: String?
    public var enabled: Bool

    public init(receiver: NationalReceiver, transport: ReceiverTransport, endpoint: String? = nil, credentialVariable: String? = nil, enabled: Bool) {
        self.receiver = receiver
        self.transport = transport
        self.endpoint = endpoint
        self.credentialVariable = credentialVariable
        self.enabled = enabled
    }

    /// The settings' errors, field by field (Danish): an HTTP receiver needs an http(s) URL with a host; HTTPS unless
    /// the host is this machine; a credential variable is an environment variable's name in capitals.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        let endpoint = endpoint?.trimmingCharacters(in: .whitespaces)
        if transport == .soap && receiver != .caseIndex {
            errors.append(FieldError(field: "transport", message: "SOAP via Serviceplatformen findes kun for Sags- og Dokumentindekset."))
        }
        if transport.needsEndpoint {
            if let endpoint, !endpoint.isEmpty {
                if let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
                   scheme == "https" || scheme == "http" {
                    if scheme == "http" && !["localhost", "127.0.0.1", "::1"].contains(host) {
                        errors.append(FieldError(field: "endpoint", message: "Endepunktet skal bruge https (http kun på denne maskine)."))
                    }
                } else {
                    errors.append(FieldError(field: "endpoint", message: "Endepunktet skal være en adresse som https://modtager.example/indeks."))
                }
            } else {
                errors.append(FieldError(field: "endpoint", message: "Angiv modtagerens endepunkt."))
            }
        }
        if let v = credentialVariable, !v.isEmpty,
           !(v.count <= 64 && v.first!.isLetter && v.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }) {
            errors.append(FieldError(field: "credentialVariable", message: "Angiv navnet på en miljøvariabel med store bogstaver, tal og _, fx OPENVUM_\(receiver.rawValue.uppercased())_TOKEN."))
        }
        return errors
    }
}

/// The Sags- og Dokumentindeks entry of a case (KOMBIT SF1470, the business object Sag), built from what the case
/// system already holds: nothing is typed for the index. The municipality's case concept decides what a "Sag" is
/// (seed 001): each case its own, or one long citizen case that holds all of the citizen's cases.
public enum CaseIndex {
    /// What the index needs of one case.
    public struct CaseFacts: Sendable, Equatable {
        public var caseID: UUID
        public var caseNumber: String
        public var citizenID: UUID
        public var cpr: String
        public var paragraphs: String?
        public var responsibleUnitID: UUID
        public var responsibleUnitName: String
        public var kle: [KLEPeriod]
        /// The national states in order, each from its start (and to its end, when it has one).
        public var states: [StatePeriod]

        public init(caseID: UUID, caseNumber: String, citizenID: UUID, cpr: String, paragraphs: String?, responsibleUnitID: UUID,
                    responsibleUnitName: String, kle: [KLEPeriod], states: [StatePeriod]) {
            self.caseID = caseID
            self.caseNumber = caseNumber
            self.citizenID = citizenID
            self.cpr = cpr
            self.paragraphs = paragraphs
            self.responsibleUnitID = responsibleUnitID
            self.responsibleUnitName = responsibleUnitName
            self.kle = kle
            self.states = states
        }
    }

    public struct KLEPeriod: Sendable, Equatable, Codable {
        public var emne: String?
        public var facet: String?
        public var from: Date
        public init(emne: String?, facet: String?, from: Date) {
            self.emne = emne
            self.facet = facet
            self.from = from
        }
    }

    public struct StatePeriod: Sendable, Equatable, Codable {
        public var state: NationalCaseState
        public var from: Date
        public var to: Date?
        public init(state: NationalCaseState, from: Date, to: Date? = nil) {
            self.state = state
            self.from = from
            self.to = to
        }
    }

    /// A period of effect ("virkning"): from, and to unless it still holds.
    public struct Virkning: Sendable, Equatable, Codable {
        public var fra: Date
        public var til: Date?
    }

    /// SF1470's Sag, as OpenVUM sends it: egenskaber, the Tilstand history (fremdrift) with virkning, and the
    /// relations Sagsklasse (KLE emne and handlingsfacet), Sagspart (the citizen) and Ansvarlig (the OrgEnhed).
    public struct Entry: Sendable, Equatable, Codable {
        public struct Egenskaber: Sendable, Equatable, Codable {
            public var brugervendtnoegle: String
            public var sagsnummer: String
            public var titel: String
        }
        public struct Fremdrift: Sendable, Equatable, Codable {
            public var fremdrift: String
            public var virkning: Virkning
        }
        public struct Klasse: Sendable, Equatable, Codable {
            public var urn: String
            public var virkning: Virkning
        }
        public struct Part: Sendable, Equatable, Codable {
            public var urn: String
            public var rolle: String
        }
        public struct Ansvarlig: Sendable, Equatable, Codable {
            public var uuid: UUID
            public var objekttype: String
            public var navn: String
        }
        public struct Relationer: Sendable, Equatable, Codable {
            public var sagsklasse: [Klasse]
            public var handlingsfacet: [Klasse]
            public var sagspart: [Part]
            public var ansvarlig: [Ansvarlig]
        }

        /// The business object's type, so that a receiver can tell it from the others.
        public var objekttype = "Sag"
        /// The index's key: stable for the object for ever (kept by the outbox the first time).
        public var uuid: UUID
        public var egenskaber: Egenskaber
        public var tilstande: [Fremdrift]
        public var relationer: Relationer
        /// The cases behind the entry (one, or all of the citizen's under one long citizen case).
        public var sager: [String]
    }

    /// The object an entry is about: a case, or (one long citizen case) the citizen.
    public static func objectKey(for facts: CaseFacts, concept: CaseSettings.CaseConcept) -> String {
        objectKey(caseID: facts.caseID, citizenID: facts.citizenID, concept: concept)
    }

    public static func objectKey(caseID: UUID, citizenID: UUID, concept: CaseSettings.CaseConcept) -> String {
        concept == .longCitizenCase ? "borger:\(citizenID.uuidString.lowercased())" : "sag:\(caseID.uuidString.lowercased())"
    }

    /// The entry of `cases` (one case, or every case of one citizen under one long citizen case) with the index key
    /// `uuid`. The Tilstand history covers the whole life: under one long citizen case the citizen's case is
    /// "Afsluttet" only while every case is, and otherwise in the least advanced state of the cases not closed.
    public static func entry(uuid: UUID, cases: [CaseFacts], settings: CaseSettings) -> Entry? {
        let cases = cases.sorted { ($0.states.first?.from ?? .distantFuture, $0.caseNumber) < ($1.states.first?.from ?? .distantFuture, $1.caseNumber) }
        guard let latest = cases.last else { return nil }
        let single = cases.count == 1
        let titleParagraphs = single ? latest.paragraphs : nil
        let title = settings.caseConcept == .longCitizenCase
            ? "Borgersag, voksne – socialområdet"
            : "Voksensag, socialområdet" + (titleParagraphs.map { $0.isEmpty ? "" : " – \($0)" } ?? "")
        let number = settings.caseConcept == .longCitizenCase ? (cases.first?.caseNumber ?? latest.caseNumber) : latest.caseNumber
        var klasser: [Entry.Klasse] = []
        var facetter: [Entry.Klasse] = []
        // One level: the latest case's KLE history; several levels: every case's KLE, each with its own periods.
        for c in settings.kleLevels == .multiple ? cases : [latest] {
            klasser += periods(c.kle.map { ($0.emne, $0.from) }, prefix: "urn:oio:kle:emne:")
            facetter += periods(c.kle.map { ($0.facet, $0.from) }, prefix: "urn:oio:kle:handlingsfacet:")
        }
        return Entry(
            uuid: uuid,
            egenskaber: .init(brugervendtnoegle: number, sagsnummer: number, titel: title),
            tilstande: history(cases.map(\.states)).map { Entry.Fremdrift(fremdrift: $0.state.indexCode, virkning: Virkning(fra: $0.from, til: $0.to)) },
            relationer: .init(sagsklasse: klasser, handlingsfacet: facetter, sagspart: [.init(urn: "urn:oio:cpr-nr:\(latest.cpr)", rolle: "Sagspart")],
                              ansvarlig: [.init(uuid: latest.responsibleUnitID, objekttype: "OrgEnhed", navn: latest.responsibleUnitName)]),
            sager: cases.map(\.caseNumber))
    }

    /// Consecutive values as periods with virkning (a nil value ends the one before without starting one).
    static func periods(_ values: [(String?, Date)], prefix: String) -> [Entry.Klasse] {
        var out: [Entry.Klasse] = []
        var open: (String, Date)?
        for (value, from) in values.sorted(by: { $0.1 < $1.1 }) {
            if let o = open, o.0 == value { continue }
            if let o = open { out.append(.init(urn: prefix + o.0, virkning: Virkning(fra: o.1, til: from))) }
            open = value.flatMap { $0.isEmpty ? nil : ($0, from) }
        }
        if let o = open { out.append(.init(urn: prefix + o.0, virkning: Virkning(fra: o.1, til: nil))) }
        return out
    }

    /// The combined state history of one or more cases: at each moment a case changed state, the combined state is
    /// "Afsluttet" when every case begun so far is closed, and otherwise the least advanced state among those not
    /// closed. Equal consecutive states are one period.
    public static func history(_ cases: [[StatePeriod]]) -> [StatePeriod] {
        let moments = Set(cases.flatMap { $0.map(\.from) }).sorted()
        var out: [StatePeriod] = []
        for t in moments {
            let current = cases.compactMap { periods in periods.last { $0.from <= t } }.map(\.state)
            guard !current.isEmpty else { continue }
            let open = current.filter { $0 != .afsluttet }
            let state = open.min { $0.rank < $1.rank } ?? .afsluttet
            if out.last?.state == state { continue }
            if !out.isEmpty { out[out.count - 1].to = t }
            out.append(StatePeriod(state: state, from: t))
        }
        return out
    }
}

extension NationalCaseState {
    /// The order of the states in a case's life.
    var rank: Int {
        switch self {
        case .opstaaet: 0
        case .oplyst: 1
        case .afgjort: 2
        case .afsluttet: 3
        }
    }

    /// SF1470's code for the state (fremdrift), without Danish letters.
    public var indexCode: String {
        switch self {
        case .opstaaet: "Opstaaet"
        case .oplyst: "Oplyst"
        case .afgjort: "Afgjort"
        case .afsluttet: "Afsluttet"
        }
    }
}

extension CaseIndex {
    /// A message to the index: the whole entry, the first time as an import ("Importeret", with the whole state
    /// history), afterwards as a correction ("Rettet") — always the whole entry, so that a receiver that missed
    /// nothing and one that starts over see the same.
    public struct Message: Sendable, Equatable, Codable {
        public var livscykluskode: String
        public var registreringstidspunkt: Date
        public var sag: Entry
        public init(livscykluskode: String, registreringstidspunkt: Date, sag: Entry) {
            self.livscykluskode = livscykluskode
            self.registreringstidspunkt = registreringstidspunkt
            self.sag = sag
        }
    }

    /// The message kinds in the outbox.
    public static let importKind = "SF1470.Sag.Importeret"
    public static let correctionKind = "SF1470.Sag.Rettet"

    /// Reads what `json` wrote.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// JSON as the index gets it: keys sorted, times in ISO 8601 (UTC) — the same entry is the same text.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
