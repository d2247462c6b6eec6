import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

/// Payments (issue 14 item 2): the actual price of an order's service month, from the finance system's payment file
/// (`PaymentFile`, docs/payments.md) or by hand. The economy consultant and the administrator of the municipality
/// import, enter, correct and read them.
enum PaymentsAPI {
    /// `POST /api/v1/payments/import[?dryRun=true]`: the payment file as the body (`text/csv`). Answers with what it
    /// did — or, as a dry run, what it would do. A file with errors imports nothing (422, every line's errors).
    static func importFile(_ req: Request) async throws -> Response {
        let p = try req.principal()
        guard let type = req.headers.contentType, (type.type == "text" && (type.subType == "csv" || type.subType == "plain")) else {
            throw DomainError(.badRequest, code: "body.media-type", title: "Forkert indholdstype", detail: "Betalingsfilen skal sendes som CSV med Content-Type: text/csv.")
        }
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw DomainError(.badRequest, code: "body.missing", title: "Indhold mangler", detail: "Send betalingsfilen som CSV.")
        }
        let text = try PaymentImport.utf8(body.readableBytesView)
        let dryRun = try req.query.get(Bool?.self, at: "dryRun") ?? false
        let report = try await run(text, principal: p, dryRun: dryRun, on: req)
        return try APIResponse.json(report)
    }

    static func run(_ text: String, principal p: Principal, dryRun: Bool, on req: Request) async throws -> PaymentImportReport {
        let report = try await PaymentImport.run(text, principal: p, dryRun: dryRun, db: req.db, transactions: req.openvum.transactions, now: req.openvum.now()) {
            try req.auditEntry(objectType: "payment", criteria: $0)
        }
        // The kept economy figures of the municipality are computed anew with the new payments.
        if !dryRun && report.new > 0 { req.openvum.economy.invalidate(municipalityID: p.municipalityID) }
        return report
    }

    /// `GET /api/v1/payments?orderId=…` or `?caseId=…`: the payments of an order or a case of the municipality.
    static func list(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let orderID = try req.uuidQuery("orderId", what: "Bestillingens id"), caseID = try req.uuidQuery("caseId", what: "Sagens id")
        guard (orderID == nil) != (caseID == nil) else {
            throw DomainError.validation([FieldError(field: "orderId", message: "Angiv enten bestillingen (orderId) eller sagen (caseId).")])
        }
        let payments = try await PaymentStore.list(municipalityID: p.municipalityID, orderID: orderID, caseID: caseID, on: req.db)
        try await req.audit(on: req.db, objectType: orderID != nil ? "order" : "case", objectID: (orderID ?? caseID)?.uuidString, criteria: "payments count=\(payments.count)")
        return try APIResponse.json(ListResponse(items: payments.map(PaymentDTO.init), nextCursor: nil))
    }

    /// `POST /api/v1/payments`: a payment entered by hand (checked as a line of the file is).
    static func create(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let body = try StrictJSON.decode(PaymentRequest.self, from: req)
        let payment = try body.payment()
        let order = try await paidOrder(payment.orderReference, p, on: req)
        if try await PaymentStore.find(voucherID: payment.voucherID, municipalityID: p.municipalityID, on: req.db) != nil {
            throw DomainError.validation([FieldError(field: "voucherId", message: "Bilag \(payment.voucherID) er allerede indlæst. Ret den betaling i stedet.")])
        }
        let audit = try req.auditEntry(action: "payment.create", objectType: "order", objectID: order.orderID.uuidString, criteria: "voucher=\(payment.voucherID)")
        let now = req.openvum.now()
        let ids = try await req.writeTransaction { tx in
            try await PaymentStore.insert([(payment, order)], source: .manual, municipalityID: p.municipalityID, userID: p.userID, now: now, audit: audit, on: tx)
        }
        req.openvum.economy.invalidate(municipalityID: p.municipalityID)
        guard let id = ids.first, let saved = try await PaymentStore.find(id: id, municipalityID: p.municipalityID, on: req.db) else { throw DomainError.notFound("Betalingen") }
        return try APIResponse.json(PaymentDTO(saved), status: .created, version: saved.version)
    }

    /// `PUT /api/v1/payments/{paymentID}` with `If-Match`: a payment corrected by hand (its voucher stays).
    static func correct(_ req: Request) async throws -> Response {
        let p = try req.principal()
        let id = try req.uuidParameter("paymentID", what: "Betalingen")
        guard let stored = try await PaymentStore.find(id: id, municipalityID: p.municipalityID, on: req.db) else { throw DomainError.notFound("Betalingen") }
        let expected = try ETag.expectedVersion(req)
        var body = try StrictJSON.decode(PaymentRequest.self, from: req)
        if let v = body.voucherId, v != stored.payment.voucherID {
            throw DomainError.validation([FieldError(field: "voucherId", message: "Bilaget kan ikke ændres. Indtast en ny betaling for et andet bilag.")])
        }
        body.voucherId = stored.payment.voucherID
        let payment = try body.payment()
        let order = try await paidOrder(payment.orderReference, p, on: req)
        let audit = try req.auditEntry(action: "payment.correct", objectType: "order", objectID: order.orderID.uuidString,
                                       criteria: "voucher=\(payment.voucherID) amount=\(stored.payment.amount)->\(payment.amount)")
        let now = req.openvum.now()
        let saved = try await req.writeTransaction { tx in
            try await PaymentStore.correct(id: id, municipalityID: p.municipalityID, expectedVersion: expected, to: payment, order: order, userID: p.userID,
                                           now: now, audit: audit, on: tx)
        }
        req.openvum.economy.invalidate(municipalityID: p.municipalityID)
        return try APIResponse.json(PaymentDTO(saved), version: saved.version)
    }

    static func paidOrder(_ reference: String, _ p: Principal, on req: Request) async throws -> PaidOrder {
        guard let id = UUID(uuidString: reference), let order = try await PaymentStore.paidOrders([id], municipalityID: p.municipalityID, on: req.db)[id] else {
            throw DomainError.validation([FieldError(field: "orderId", message: "Bestillingen findes ikke blandt kommunens sendte bestillinger.")])
        }
        return order
    }
}

/// `POST /api/v1/payments` and `PUT /api/v1/payments/{id}`: a payment by hand, in øre.
struct PaymentRequest: StrictBody {
    var voucherId: String?
    var orderId: String?
    var serviceMonth: String?
    var account: String?
    var amount: Int?
    var bookedOn: String?
    static let fields: Set<String> = ["voucherId", "orderId", "serviceMonth", "account", "amount", "bookedOn"]

    /// Checked by the payment file's own rule (`PaymentFile.payment`); the errors named by the API's fields.
    func payment() throws -> Payment {
        let fields: [String: String] = [
            "voucherId": voucherId ?? "", "orderReference": orderId ?? "", "serviceMonth": serviceMonth ?? "", "account": account ?? "",
            "amount": amount.map(Kroner.danish) ?? "", "bookedOn": bookedOn ?? "",
        ]
        switch PaymentFile.payment({ fields[$0] ?? "" }, row: 0) {
        case .success(let p): return p
        case .failure(let e):
            throw DomainError.validation(e.errors.map { error in
                let field = error.column == "orderReference" ? "orderId" : error.column ?? "amount"
                let message = error.column == "amount" ? "Angiv beløbet i øre som et helt tal." : error.message
                return FieldError(field: field, message: message)
            })
        }
    }
}

struct PaymentDTO: Encodable, Sendable {
    var id: UUID
    var voucherId: String
    var orderId: UUID
    var caseId: UUID
    var interventionId: UUID
    var serviceMonth: String
    var account: String
    var amount: Int
    var bookedOn: String
    var source: PaymentSource
    var version: Int
    init(_ s: StoredPayment) {
        id = s.id
        voucherId = s.payment.voucherID
        orderId = s.orderID
        caseId = s.caseID
        interventionId = s.interventionID
        serviceMonth = s.payment.serviceMonth.description
        account = s.payment.account
        amount = s.payment.amount
        bookedOn = s.payment.bookedOn.description
        source = s.source
        version = s.version
    }
}

/// What a payment file did, or would do as a dry run.
struct PaymentImportReport: Encodable, Sendable {
    var dryRun: Bool
    /// Payment lines in the file (the header and empty lines not counted).
    var lines: Int
    var new: Int
    var unchanged: Int
    var errors: [PaymentLineError]
}

struct PaymentLineError: Encodable, Sendable {
    var line: Int
    @Nullable var column: String?
    var message: String
    init(_ e: PaymentFileError) {
        line = e.row
        column = e.column
        message = e.message
    }
}
