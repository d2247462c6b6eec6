import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore

/// The one way a payment file is imported — by the API, the economy page's upload and `openvum import payments`:
/// read (`PaymentFile`), planned against the municipality's orders and vouchers, and — unless a dry run, or the
/// file has errors — stored in one transaction with one audit row (a dry run is audited too).
enum PaymentImport {
    static func run(_ text: String, principal p: Principal, dryRun: Bool, db: any Database, transactions: Transactions, now: Date,
                    audit: (String) throws -> AuditEntry) async throws -> PaymentImportReport {
        let read = PaymentFile.read(rows: PaymentCSV.rows(text))
        let plan = try await PaymentStore.plan(read.lines, municipalityID: p.municipalityID, on: db)
        let errors = (read.errors + plan.errors).sorted { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") }
        let report = PaymentImportReport(dryRun: dryRun, lines: read.lines.count + Set(read.errors.map(\.row)).subtracting([1]).count,
                                         new: plan.new.count, unchanged: plan.unchanged.count, errors: errors.map(PaymentLineError.init))
        if dryRun {
            try await AuditStore.record(try audit("dry-run new=\(plan.new.count) unchanged=\(plan.unchanged.count) errors=\(errors.count)"), on: db)
            return report
        }
        guard errors.isEmpty else {
            let rows = Set(errors.map(\.row)).count
            throw DomainError.validation(errors.map { FieldError(field: "lines.\($0.row).\($0.column ?? "row")", message: $0.message) },
                                         detail: "Filen har fejl i \(rows) \(rows == 1 ? "linje" : "linjer"). Intet er indlæst. Ret filen, og indlæs den igen.")
        }
        let entry = try audit("new=\(plan.new.count) unchanged=\(plan.unchanged.count)")
        let items = plan.new.map { (payment: $0.line.payment, order: $0.order) }
        _ = try await transactions.write(on: db) { tx in
            try await PaymentStore.insert(items, source: .file, municipalityID: p.municipalityID, userID: p.userID, now: now, audit: entry, on: tx)
        }
        return report
    }

    /// The file as text: UTF-8 with or without BOM, else a Danish refusal at `file`.
    static func utf8(_ bytes: some Collection<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DomainError.validation([FieldError(field: "file", message: "Filen skal være UTF-8 (med eller uden BOM).")])
        }
        return text
    }

    /// The user a command-line import is done as: the named economy consultant or administrator, else the
    /// municipality's first administrator.
    static func importer(municipalityID: UUID, username: String?, on db: any Database) async throws -> Principal {
        let users = try await UserStore.list(municipalityID: municipalityID, on: db).filter { [.economyConsultant, .administrator].contains($0.role) && $0.active }
        guard let user = username.map({ u in users.first { $0.username == u } }) ?? users.first(where: { $0.role == .administrator }),
              let principal = try await UserStore.principal(userID: user.id, on: db) else {
            throw DomainError.validation([FieldError(field: "as", message: "Kommunen har ingen aktiv økonomikonsulent eller administrator\(username.map { " med brugernavnet \($0)" } ?? "").")])
        }
        return principal
    }

    /// The report in Danish, as the command line prints it.
    static func summary(_ r: PaymentImportReport) -> String {
        var lines = ["\(r.dryRun ? "Prøvekørsel: " : "")\(r.lines) \(r.lines == 1 ? "betalingslinje" : "betalingslinjer"): \(r.new) \(r.new == 1 ? "ny" : "nye")\(r.dryRun ? " ville blive indlæst" : " indlæst"), \(r.unchanged) allerede indlæst."]
        if !r.errors.isEmpty {
            lines.append("\(r.errors.count) fejl\(r.dryRun ? "" : " — intet er indlæst"):")
            lines += r.errors.map { "  linje \($0.line)\($0.column.map { ", \($0)" } ?? ""): \($0.message)" }
        }
        return lines.joined(separator: "\n")
    }
}
