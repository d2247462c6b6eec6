import Foundation

/// The Sags- og Dokumentindeks message as Serviceplatformen takes it (issue 16 item 2): KOMBIT SF1470's
/// `SagDokumentIndeksService` version 6, operation `importer`, SOAP 1.2 (document/literal). The outbox keeps the entry
/// as JSON (`CaseIndex.Message`); this turns it into the SOAP envelope at sending time and reads the service's answer.
/// Element names and namespaces follow SF1470 version 6 (`urn:oio:sts:sagdok:sag:6` for the Sag's own parts,
/// `urn:oio:sagdok:3.0.0` for the common ones: identifiers, Virkning, the registration's actor). Pure text in and
/// out: the transport (HTTPS, the token) is the receiver client's.
public enum SF1470SOAP {
    public static let importerAction = "http://kombit.dk/sts/sagdokumentindeks/importer"
    /// SOAP 1.2 carries the action in the media type.
    public static let contentType = "application/soap+xml; charset=utf-8; action=\"\(importerAction)\""

    static let soapNS = "http://www.w3.org/2003/05/soap-envelope"
    static let headerNS = "http://kombit.dk/xml/schemas/RequestHeader/1/"
    static let indexNS = "urn:oio:sts:sagdok:sagdokumentindeks:6"
    static let sagNS = "urn:oio:sts:sagdok:sag:6"
    static let commonNS = "urn:oio:sagdok:3.0.0"
    static let wsseNS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"

    /// The envelope of one import: the message's whole entry with its registration (`Importeret` the first time,
    /// `Rettet` after), made by `actor` (the municipality's IT system's UUID in the index). `transactionID` is the
    /// request header's TransactionUUID — the outbox message's id, the same on every attempt, so the service can tell
    /// a repetition. `securityToken`: an already issued token (XML) put in the WS-Security header as it is.
    public static func importer(_ m: CaseIndex.Message, actor: UUID, transactionID: UUID, securityToken: String? = nil) -> String {
        let e = m.sag
        let life = CaseIndex.Virkning(fra: e.tilstande.first?.virkning.fra ?? m.registreringstidspunkt, til: nil)
        let sag: XMLNode = .element("sag:Sag", [
            .text("sd:UUIDIdentifikator", e.uuid.uuidString.lowercased()),
            .element("sag:Registrering", [
                .text("sd:Tidspunkt", timestamp(m.registreringstidspunkt)),
                .text("sd:LivscyklusKode", m.livscykluskode),
                .element("sd:BrugerRef", [.text("sd:UUIDIdentifikator", actor.uuidString.lowercased())]),
                .element("sag:AttributListe", [
                    .element("sag:Egenskaber", [
                        virkning(life, actor: actor),
                        .text("sd:BrugervendtNoegle", e.egenskaber.brugervendtnoegle),
                        .text("sd:Titel", e.egenskaber.titel),
                        .text("sag:Sagsnummer", e.egenskaber.sagsnummer),
                    ]),
                ]),
                .element("sag:TilstandListe", e.tilstande.map { t in
                    .element("sag:Fremdrift", [virkning(t.virkning, actor: actor), .text("sag:FremdriftStatusKode", t.fremdrift)])
                }),
                .element("sag:RelationListe",
                    e.relationer.sagsklasse.map { relation("sag:Sagsklasse", urn: $0.urn, role: "urn:oio:sagdok:rolle:primaerklasse", $0.virkning, actor: actor) }
                    + e.relationer.handlingsfacet.map { relation("sag:Sagsklasse", urn: $0.urn, role: "urn:oio:sagdok:rolle:handlingsklasse", $0.virkning, actor: actor) }
                    + e.relationer.sagspart.map { relation("sag:Sagspart", urn: $0.urn, role: "urn:oio:sagdok:rolle:primaerpart", life, actor: actor) }
                    + e.relationer.ansvarlig.map { a in
                        .element("sag:Sagsaktoer", [
                            virkning(life, actor: actor),
                            .element("sd:ReferenceID", [.text("sd:UUIDIdentifikator", a.uuid.uuidString.lowercased())]),
                            .element("sd:Rolle", [.text("sd:URNIdentifikator", "urn:oio:sagdok:rolle:ansvarlig")]),
                            .element("sd:Type", [.text("sd:URNIdentifikator", "urn:oio:sagdok:objekttype:\(a.objekttype.lowercased())")]),
                        ])
                    }),
            ]),
        ])
        let security: [XMLNode] = securityToken.flatMap { $0.isEmpty ? nil : $0 }.map {
            [.raw(#"<wsse:Security xmlns:wsse="\#(wsseNS)" soap:mustUnderstand="true">"#), .raw($0), .raw("</wsse:Security>")]
        } ?? []
        return #"<?xml version="1.0" encoding="UTF-8"?>"#
            + #"<soap:Envelope xmlns:soap="\#(soapNS)" xmlns:h="\#(headerNS)" xmlns:sdi="\#(indexNS)" xmlns:sag="\#(sagNS)" xmlns:sd="\#(commonNS)">"#
            + XMLNode.element("soap:Header", security + [.element("h:RequestHeader", [.text("h:TransactionUUID", transactionID.uuidString.lowercased())])]).rendered
            + XMLNode.element("soap:Body", [.element("sdi:ImporterSagDokumentIndeksInput", [sag])]).rendered
            + "</soap:Envelope>"
    }

    /// The service's answer as the outbox's outcome. HTTP first (a fault or an error status is the status, with the
    /// fault's reason); then SF1470's StandardRetur: `StatusKode` 20 is accepted; 40 (invalid), 44 (unknown) and 49
    /// (no access) will not change by sending again: refused, with the service's text (a dead letter); any other code,
    /// and an answer that is no SF1470 answer, is no usable answer (tried again).
    public static func outcome(httpStatus: Int, body: String) -> Outbox.Outcome {
        let reason = firstText(of: "Text", in: body) ?? firstText(of: "faultstring", in: body)
        if !(200...299).contains(httpStatus) {
            return .status(httpStatus, reason.map { "SOAP-fejl: \($0)" } ?? body)
        }
        guard let raw = firstText(of: "StatusKode", in: body), let code = Int(raw) else {
            return .failed("Svaret er ikke et SF1470-svar: \(Outbox.excerpt(body))")
        }
        let text = firstText(of: "FejlbeskedTekst", in: body).map { " – \($0)" } ?? ""
        switch code {
        case 20: return .accepted
        case 40, 44, 49: return .refused("StatusKode \(code)\(text)")
        default: return .failed("StatusKode \(code)\(text)")
        }
    }

    // MARK: Parts

    static func virkning(_ v: CaseIndex.Virkning, actor: UUID) -> XMLNode {
        .element("sd:Virkning", [
            .element("sd:FraTidspunkt", [.text("sd:TidsstempelDatoTid", timestamp(v.fra))]),
            .element("sd:TilTidspunkt", [v.til.map { .text("sd:TidsstempelDatoTid", timestamp($0)) } ?? .text("sd:GraenseIndikator", "true")]),
            .element("sd:AktoerRef", [.text("sd:UUIDIdentifikator", actor.uuidString.lowercased())]),
            .text("sd:AktoerTypeKode", "IT-System"),
        ])
    }

    static func relation(_ name: String, urn: String, role: String, _ v: CaseIndex.Virkning, actor: UUID) -> XMLNode {
        .element(name, [
            virkning(v, actor: actor),
            .element("sd:ReferenceID", [.text("sd:URNIdentifikator", urn)]),
            .element("sd:Rolle", [.text("sd:URNIdentifikator", role)]),
        ])
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    /// The text of the first element with this local name (any prefix), unescaped; nil when there is none.
    static func firstText(of local: String, in xml: String) -> String? {
        guard let open = xml.range(of: #"<([A-Za-z_][\w.-]*:)?\#(local)(\s[^>]*)?>"#, options: .regularExpression) else { return nil }
        let rest = xml[open.upperBound...]
        guard let close = rest.range(of: #"</([A-Za-z_][\w.-]*:)?\#(local)>"#, options: .regularExpression) else { return nil }
        let text = String(rest[..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// XML as a tree of elements, written as text with every text value escaped.
indirect enum XMLNode {
    case element(String, [XMLNode])
    case text(String, String)
    case raw(String)

    var rendered: String {
        switch self {
        case .element(let name, let children): "<\(name)>" + children.map(\.rendered).joined() + "</\(name)>"
        case .text(let name, let value): "<\(name)>\(XMLNode.escape(value))</\(name)>"
        case .raw(let s): s
        }
    }

    static func escape(_ s: String) -> String {
        var r = ""
        r.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            case "'": r += "&apos;"
            default: r.append(c)
            }
        }
        return r
    }
}
