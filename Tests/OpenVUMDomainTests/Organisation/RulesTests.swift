import Foundation
import OpenVUMDomain
import Testing

@Suite("Access scope")
struct AccessScopeTests {
    let teamA = UUID()
    let teamB = UUID()
    let citizen = UUID()

    @Test func rolesMapToScopes() {
        #expect(AccessScope.for(role: .administrator, unitIDs: [], citizenID: nil) == .municipality)
        #expect(AccessScope.for(role: .caseworker, unitIDs: [teamA], citizenID: nil) == .units([teamA]))
        #expect(AccessScope.for(role: .teamLeader, unitIDs: [teamA, teamB], citizenID: nil) == .units([teamA, teamB]))
        #expect(AccessScope.for(role: .caseworker, unitIDs: [], citizenID: nil) == .nothing)
        #expect(AccessScope.for(role: .citizen, unitIDs: [], citizenID: citizen) == .citizens([citizen]))
        #expect(AccessScope.for(role: .citizen, unitIDs: [], citizenID: nil) == .nothing)
        // A guardian or party representative (issue 16 item 7): the represented citizens, with or without an own record.
        let other = UUID()
        #expect(AccessScope.for(role: .citizen, unitIDs: [], citizenID: nil, represented: [other]) == .citizens([other]))
        #expect(AccessScope.for(role: .citizen, unitIDs: [], citizenID: citizen, represented: [other]) == .citizens([citizen, other]))
        #expect(AccessScope.for(role: .caseworker, unitIDs: [teamA], citizenID: nil, represented: [other]) == .units([teamA]))
        #expect(AccessScope.for(role: .providerStaff, unitIDs: [teamA], citizenID: nil) == .nothing)
        #expect(AccessScope.for(role: .economyConsultant, unitIDs: [teamA], citizenID: nil) == .nothing)
    }
}

@Suite("Account rules")
struct AccountRulesTests {
    @Test("usernames", arguments: [
        ("sagsbehandler", true), ("udfoerer-ekstern", true), ("a.b_c", true), ("ab", false), ("Anna", false),
        ("1abc", false), ("æblemand", false), ("has space", false), (String(repeating: "a", count: 65), false),
    ])
    func usernames(name: String, valid: Bool) {
        #expect((AccountRules.usernameProblem(name) == nil) == valid)
    }

    @Test func passwords() {
        #expect(AccountRules.passwordProblem("kort") != nil)
        #expect(AccountRules.passwordProblem("            ") != nil)
        #expect(AccountRules.passwordProblem("en lang nok adgangskode") == nil)
        #expect(AccountRules.passwordProblem(String(repeating: "x", count: 129)) != nil)
    }

    @Test("a new user's problems are all reported at once")
    func allProblemsAtOnce() {
        do {
            try AccountRules.validateNewUser(username: "X", password: "kort", displayName: " ", role: .caseworker, unitCount: 0)
            Issue.record("expected a validation error")
        } catch {
            #expect(error.kind == .validation)
            #expect(Set(error.fieldErrors.map(\.field)) == ["username", "password", "displayName", "unitIds"])
        }
    }

    @Test func citizenAccountsAreNotCreatedHere() {
        #expect(throws: DomainError.self) {
            try AccountRules.validateNewUser(username: "borger2", password: "en lang nok adgangskode", displayName: "B", role: .citizen, unitCount: 0)
        }
    }
}

@Suite("Session lifetime and audit retention")
struct LifetimeTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func idleAndAbsoluteExpiry() {
        let life = SessionLifetime(idle: 30 * 60, absolute: 12 * 3600)
        #expect(life.isAlive(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(29 * 60)))
        #expect(!life.isAlive(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(30 * 60)))
        // Active all day, but past the absolute limit.
        let late = start.addingTimeInterval(12 * 3600)
        #expect(!life.isAlive(createdAt: start, lastSeenAt: late.addingTimeInterval(-60), now: late))
        #expect(life.isAlive(createdAt: start, lastSeenAt: late.addingTimeInterval(-60), now: late.addingTimeInterval(-1)))
    }

    @Test func purgeCutoffIsCalendarMonths() {
        let iso = ISO8601DateFormatter()
        let now = iso.date(from: "2026-08-31T12:00:00Z")!
        #expect(iso.string(from: auditPurgeCutoff(now: now, months: 6)) == "2026-02-28T12:00:00Z")
        #expect(iso.string(from: auditPurgeCutoff(now: now, months: 12)) == "2025-08-31T12:00:00Z")
    }
}
