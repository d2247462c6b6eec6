import FluentKit
import Foundation
import OpenVUMDomain
import OpenVUMStore

/// The demo municipality: two authority teams, an administration unit, an internal and an external
/// provider with offers, one user per role and a handful of citizens. Ids are fixed so that links in
/// the README and tests stay stable.
public enum DemoData {
    public static let municipalityID = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    public static let teamHandicapID = UUID(uuidString: "00000000-0000-4000-8000-000000000101")!
    public static let teamPsychiatryID = UUID(uuidString: "00000000-0000-4000-8000-000000000102")!
    public static let administrationID = UUID(uuidString: "00000000-0000-4000-8000-000000000103")!
    public static let internalProviderID = UUID(uuidString: "00000000-0000-4000-8000-000000000201")!
    public static let internalHousingSupportID = UUID(uuidString: "00000000-0000-4000-8000-000000000202")!
    public static let internalResidentialID = UUID(uuidString: "00000000-0000-4000-8000-000000000203")!
    public static let externalProviderID = UUID(uuidString: "00000000-0000-4000-8000-000000000301")!
    public static let externalResidentialID = UUID(uuidString: "00000000-0000-4000-8000-000000000302")!

    public struct DemoUser: Sendable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var unitIDs: [UUID]
    }

    /// One user per role, named after the role (the README lists them).
    public static let users: [DemoUser] = [
        DemoUser(username: "sagsbehandler", displayName: "Sanne Sagsbehandler", role: .caseworker, unitIDs: [teamHandicapID]),
        DemoUser(username: "teamleder", displayName: "Torben Teamleder", role: .teamLeader, unitIDs: [teamHandicapID, teamPsychiatryID]),
        DemoUser(username: "oekonomi", displayName: "Øjvind Økonomikonsulent", role: .economyConsultant, unitIDs: [administrationID]),
        DemoUser(username: "udfoerer", displayName: "Ulla Udfører", role: .providerStaff, unitIDs: [internalHousingSupportID]),
        DemoUser(username: "udfoerer-ekstern", displayName: "Erik Ekstern", role: .providerStaff, unitIDs: [externalResidentialID]),
        DemoUser(username: "tilbudsleder", displayName: "Tina Tilbudsleder", role: .providerLeader, unitIDs: [internalProviderID, internalHousingSupportID, internalResidentialID]),
        DemoUser(username: "admin", displayName: "Anders Administrator", role: .administrator, unitIDs: [administrationID]),
        DemoUser(username: "borger", displayName: "Birthe Borger", role: .citizen, unitIDs: []),
        // A guardian's citizen account (issue 16 item 7): in the living demo, the guardian of Karim Hassan.
        DemoUser(username: "vaerge", displayName: "Vera Værge", role: .citizen, unitIDs: []),
    ]

    /// Demo citizens: (CPR, given name, family name, team). The first is the `borger` account's own record.
    /// Some numbers deliberately fail modulus 11, as real numbers issued since 2007 may.
    public static let citizens: [(cpr: String, given: String, family: String, unit: UUID)] = [
        ("1205781234", "Birthe", "Borger", teamHandicapID),
        ("0302901118", "Mads", "Mortensen", teamHandicapID),
        ("2811652222", "Lise", "Lund", teamHandicapID),
        ("1709884343", "Jonas", "Jensen", teamPsychiatryID),
        ("0101014567", "Amalie", "Andersen", teamPsychiatryID),
        ("3112992678", "Karim", "Hassan", teamHandicapID),
    ]

    public static let citizenIDs: [UUID] = (1...6).map { UUID(uuidString: String(format: "00000000-0000-4000-8000-0000000010%02d", $0))! }

    /// Whether the demo municipality exists.
    public static func exists(on db: any Database) async throws -> Bool {
        try await OrganisationStore.municipalityName(id: municipalityID, on: db) != nil
    }

    /// The demo offers' P-number, EAN (valid GS1 check digit) and account. The external offer is not in the
    /// register yet: an order to it has them typed.
    public static let offerRegister: [(UUID, OfferRegisterEntry)] = [
        (internalHousingSupportID, OfferRegisterEntry(pNumber: "1003388469", ean: "5798000001015", account: "5.38.38")),
        (internalResidentialID, OfferRegisterEntry(pNumber: "1003388470", ean: "5798000002029", account: "5.38.50")),
    ]

    /// Creates the demo municipality in one transaction. `passwordHash` is the hash every demo user gets.
    public static func seed(passwordHash: String, on db: any Database) async throws {
        try await db.transaction { tx in
            try await OrganisationStore.insertMunicipality(id: municipalityID, code: "999", name: "Demokommune", on: tx)
            let units: [(UUID, UnitKind, String, ProviderOwnership?, UUID?)] = [
                (teamHandicapID, .authorityTeam, "Team Handicap", nil, nil),
                (teamPsychiatryID, .authorityTeam, "Team Socialpsykiatri", nil, nil),
                (administrationID, .administration, "Økonomi og administration", nil, nil),
                (internalProviderID, .provider, "Socialcenter Nord", .internal, nil),
                (externalProviderID, .provider, "Fonden Lysbro", .external, nil),
            ]
            let offers: [(UUID, UnitKind, String, ProviderOwnership?, UUID?)] = [
                (internalHousingSupportID, .offer, "Bostøtte Nord (SEL § 85)", nil, internalProviderID),
                (internalResidentialID, .offer, "Botilbud Solhøj (SEL § 108)", nil, internalProviderID),
                (externalResidentialID, .offer, "Botilbud Lysbro (SEL § 107)", nil, externalProviderID),
            ]
            for u in units + offers {
                try await OrganisationStore.insertUnit(id: u.0, municipalityID: municipalityID, kind: u.1, name: u.2, ownership: u.3, parentID: u.4, on: tx)
            }
            // The register: the providers' kinds; the offers' payment details (IDs 69–71, which an order takes over) and
            // legal basis; Solhøj's address, places and rate.
            try await ProviderStore.setProviderKind(.municipal, providerID: internalProviderID, municipalityID: municipalityID, audit: nil, on: tx)
            try await ProviderStore.setProviderKind(.privateProvider, providerID: externalProviderID, municipalityID: municipalityID, audit: nil, on: tx)
            for (id, paragraph) in [(internalHousingSupportID, "SEL § 85"), (internalResidentialID, "SEL § 108"), (externalResidentialID, "SEL § 107")] {
                var details = OfferDetails(legalBasis: paragraph)
                if id == internalResidentialID {
                    details.address = "Solhøjvej 12, 9999 Demoby"
                    details.municipalityCode = "999"
                    details.description = "Længerevarende botilbud med 24 boliger for voksne med betydelig og varigt nedsat funktionsevne. Personale hele døgnet."
                }
                try await ProviderStore.saveOffer(id, municipalityID: municipalityID, register: offerRegister.first { $0.0 == id }?.1 ?? OfferRegisterEntry(),
                                                  details: details, audit: nil, on: tx)
            }
            try await ProviderStore.setCapacity(OfferCapacity(places: 24, vacant: 2), offerID: internalResidentialID, municipalityID: municipalityID, on: tx)
            try await ProviderStore.addRate(OfferRate(validFrom: CalendarDate(year: 2026, month: 1, day: 1)!, unit: .day, frequency: .perDay, unitPrice: 195_000),
                                            offerID: internalResidentialID, municipalityID: municipalityID, userID: nil, now: Date(), audit: nil, on: tx)
            for (index, c) in citizens.enumerated() {
                try await CitizenStore.insert(
                    id: citizenIDs[index], municipalityID: municipalityID, cpr: c.cpr, givenName: c.given, familyName: c.family,
                    responsibleUnitID: c.unit, on: tx)
            }
            for user in users {
                _ = try await UserStore.create(
                    .init(
                        municipalityID: municipalityID, username: user.username, passwordHash: passwordHash,
                        displayName: user.displayName, role: user.role, unitIDs: user.unitIDs,
                        citizenID: user.username == "borger" ? citizenIDs[0] : nil, isDemo: true),
                    on: tx)
            }
            // How citizens reach the demo authority (the decision letter's sender and complaint address), and the
            // caseworkers' direct lines.
            var settings = CaseSettings()
            settings.contact = MunicipalityContact(address: "Social og Handicap\nRådhustorvet 1\n9999 Demoby", phone: "70 10 20 30",
                                                   email: "socialoghandicap@demokommune.dk")
            _ = try await CaseStore.saveSettings(settings, municipalityID: municipalityID, on: tx)
            for (username, phone) in [("sagsbehandler", "70 10 20 41"), ("teamleder", "70 10 20 40")] {
                try await tx.sql.raw("UPDATE users SET phone = \(bind: phone) WHERE username = \(bind: username)").run()
            }
        }
    }
}
