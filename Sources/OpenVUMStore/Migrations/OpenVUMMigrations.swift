import FluentKit
import SQLKit

/// Every migration, in order. Append-only: never edit or reorder a shipped migration; add a new one.
public enum OpenVUMMigrations {
    public static let all: [any Migration] = [
        // 001 - tenants, organisation units, users and their memberships
        M001Organisation(),
        // 002 - citizens, scoped by municipality and responsible unit
        M002Citizens(),
        // 003 - web sessions (hashed ids, CSRF token, idle/absolute expiry)
        M003WebSessions(),
        // 004 - the audit log, append-only by trigger on both engines
        M004AuditLog(),
        // 005 - VUM 2.0 cases: the case document, phase and national-state history, KLE history,
        //       inquiries, functional-level versions, deadlines and reminders, terminology, municipal settings
        M005Cases(),
        // 006 - partial indexes on open cases for the worklist, open-case lists and caseload
        M006AccessPathIndexes(),
        // 007 - PostgreSQL: statistics on how municipality, unit and caseworker depend on each other
        M007ScopeStatistics(),
        // 008 - security review: client request id apart from the server's, audit log refuses DELETE outside
        //       the purge, teams' access to citizens they registered
        M008SecurityHardening(),
        // 009 - the case made right: due items, holders, fact versions, projection tables, journal, import keys
        M009CaseFoundation(),
        // 010 - documents attached to a case; an offer's P-number, EAN and account
        M010CaseAttachments(),
        // 011 - case numbers (per municipality and year) and the paragraphs a case is about, for lists and search
        M011CaseNumbers(),
        // 012 - a user's phone number (the caseworker's direct line in the decision letter)
        M012UserPhone(),
        // 013 - the provider register: an offer's capacity and vacancies, its provider's kind, its rates
        M013ProviderRegister(),
        // 014 - the provider register: an offer's legal basis, offer type, target groups, address and description
        M014OfferDetails(),
        // 015 - the order as its own resource
        M015Orders(),
        M016MatchingRequests(),
        M017DeliveredHours(),
        // 018 - the provider's change requests and status reports on an order
        M018OrderReports(),
        // 019 - use of force and unintended incidents on an order
        M019OrderIncidents(),
        // 020 - indexes in the order lists' own order (newest first) per municipality, offer and provider
        M020OrderListIndexes(),
        // 021 - payments: the actual price of an order's service month, one row per voucher
        M021Payments(),
        // 022 - the budget per account, year and unit: original and corrected
        M022Budgets(),
        M023InterventionAlternatives(),
        // 024 - the outbox to the national receivers, their settings, the index's keys, the local receiver's log
        M024NationalOutbox(),
        // 025 - the citizens whose data changed per day, for the next day's FFB reports
        M025FFBChanges(),
        // 026 - Danmarks Statistik's monthly extracts, their validation reports and approvals
        M026DSTExtracts(),
        // 027 - the citizen's own view on a goal of their case (green, yellow, red and a sentence)
        M027CitizenGoalViews(),
        M028ConsentsAndRepresentatives(),
    ]
}
