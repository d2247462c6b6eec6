import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import OpenVUMDomain
import Testing

/// The Sags- og Dokumentindeks entry as Serviceplatformen's SOAP message (issue 16 item 2), read back with an XML
/// parser: every element with its namespace, in order, and the texts as they were.
@Suite("SF1470 over SOAP: the importer envelope and the service's answer")
struct SF1470SOAPTests {
    /// The elements of a document as (namespace URI, local name, text) in document order; nil when it is not
    /// well-formed XML.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [(ns: String, name: String, text: String)] = []
        var stack: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((namespaceURI ?? "", name, ""))
            stack.append(elements.count - 1)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = stack.last { elements[i].text += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }

        static func read(_ xml: String) -> [(ns: String, name: String, text: String)]? {
            let parser = XMLParser(data: Data(xml.utf8))
            parser.shouldProcessNamespaces = true
            let r = Reader()
            parser.delegate = r
            return parser.parse() ? r.elements : nil
        }
    }

    static let actor = UUID(uuidString: "0D3C2B1A-0000-4000-8000-00000000D3E0")!
    static let tx = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!

    static func message() throws -> CaseIndex.Message {
        let facts = CaseIndexTests.facts("2026-00042", paragraphs: "SEL § 85 & § 107 <x>", kle: [.init(emne: "27.36.04", facet: "G01", from: CaseIndexTests.t(0))],
                                         states: [.init(state: .opstaaet, from: CaseIndexTests.t(0), to: CaseIndexTests.t(10)), .init(state: .oplyst, from: CaseIndexTests.t(10))])
        let entry = try #require(CaseIndex.entry(uuid: UUID(uuidString: "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE")!, cases: [facts], settings: CaseSettings()))
        return CaseIndex.Message(livscykluskode: "Importeret", registreringstidspunkt: CaseIndexTests.t(12), sag: entry)
    }

    @Test("the envelope: SOAP 1.2 with the transaction in the request header, the Sag with its key, registration, properties, the whole state history with virkning (the last one open), KLE classes, the citizen by CPR and the responsible unit — every text escaped")
    func envelope() throws {
        let m = try Self.message()
        let xml = SF1470SOAP.importer(m, actor: Self.actor, transactionID: Self.tx)
        let els = try #require(Reader.read(xml), "well-formed XML")
        let soap = "http://www.w3.org/2003/05/soap-envelope", sag = "urn:oio:sts:sagdok:sag:6", sd = "urn:oio:sagdok:3.0.0"
        #expect(els.prefix(4).map { "\($0.ns) \($0.name)" } == ["\(soap) Envelope", "\(soap) Header", "http://kombit.dk/xml/schemas/RequestHeader/1/ RequestHeader",
                                                               "http://kombit.dk/xml/schemas/RequestHeader/1/ TransactionUUID"])
        #expect(els[3].text == "11111111-2222-4333-8444-555555555555")
        #expect(els.contains { $0.ns == "urn:oio:sts:sagdok:sagdokumentindeks:6" && $0.name == "ImporterSagDokumentIndeksInput" })
        func texts(_ ns: String, _ name: String) -> [String] { els.filter { $0.ns == ns && $0.name == name }.map(\.text) }
        #expect(texts(sd, "UUIDIdentifikator").first == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
        #expect(texts(sd, "LivscyklusKode") == ["Importeret"] && texts(sd, "Tidspunkt") == ["2026-06-09T20:26:40Z"])
        #expect(texts(sag, "Sagsnummer") == ["2026-00042"] && texts(sd, "BrugervendtNoegle") == ["2026-00042"])
        #expect(texts(sd, "Titel") == ["Voksensag, socialområdet – SEL § 85 & § 107 <x>"])
        #expect(texts(sag, "FremdriftStatusKode") == ["Opstaaet", "Oplyst"])
        // Virkning: the Egenskaber from the first state on, open; Opstået day 0 to day 10; Oplyst from day 10, open.
        let stamps = texts(sd, "TidsstempelDatoTid")
        #expect(stamps.prefix(4) == ["2026-05-28T20:26:40Z", "2026-05-28T20:26:40Z", "2026-06-07T20:26:40Z", "2026-06-07T20:26:40Z"])
        #expect(texts(sd, "GraenseIndikator").count == 1 + 1 + 2 + 1 + 1)  // Egenskaber, Oplyst, emne and facet, part, ansvarlig
        #expect(texts(sd, "URNIdentifikator").contains("urn:oio:kle:emne:27.36.04") && texts(sd, "URNIdentifikator").contains("urn:oio:kle:handlingsfacet:G01"))
        #expect(texts(sd, "URNIdentifikator").contains("urn:oio:cpr-nr:0707614285"))
        #expect(texts(sd, "UUIDIdentifikator").contains(CaseIndexTests.unit.uuidString.lowercased()))
        #expect(texts(sd, "AktoerRef").count == texts(sd, "Virkning").count && Set(texts(sd, "AktoerTypeKode")) == ["IT-System"])
        #expect(!xml.contains("Security"))
    }

    @Test("a token from the environment goes into the WS-Security header as it is; the envelope stays well-formed")
    func token() throws {
        let xml = SF1470SOAP.importer(try Self.message(), actor: Self.actor, transactionID: Self.tx, securityToken: #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="a1"/>"#)
        let els = try #require(Reader.read(xml))
        #expect(els.map(\.name).prefix(4) == ["Envelope", "Header", "Security", "Assertion"])
    }

    @Test("the answer: StatusKode 20 is delivered; 40, 44 and 49 are refused for good (dead letter with the service's text); other codes, a SOAP fault and an answer that is no SF1470 answer are tried again, an HTTP 4xx not")
    func answers() {
        func answer(_ code: Int, _ text: String? = nil) -> String {
            #"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><sdi:ImporterSagDokumentIndeksOutput xmlns:sdi="urn:oio:sts:sagdok:sagdokumentindeks:6"><sd:StandardRetur xmlns:sd="urn:oio:sagdok:3.0.0"><sd:StatusKode>\#(code)</sd:StatusKode>"#
                + (text.map { "<sd:FejlbeskedTekst>\($0)</sd:FejlbeskedTekst>" } ?? "") + "</sd:StandardRetur></sdi:ImporterSagDokumentIndeksOutput></soap:Body></soap:Envelope>"
        }
        let policy = Outbox.Policy()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(SF1470SOAP.outcome(httpStatus: 200, body: answer(20)) == .accepted)
        #expect(policy.verdict(SF1470SOAP.outcome(httpStatus: 200, body: answer(20)), attempt: 1, now: now) == .delivered)
        let refused = SF1470SOAP.outcome(httpStatus: 200, body: answer(40, "Klassen findes ikke &amp; kan ikke bruges"))
        #expect(refused == .refused("StatusKode 40 – Klassen findes ikke & kan ikke bruges"))
        #expect(policy.verdict(refused, attempt: 1, now: now) == .deadLetter(reason: "Modtageren afviste beskeden: StatusKode 40 – Klassen findes ikke & kan ikke bruges"))
        for code in [44, 49] { #expect(SF1470SOAP.outcome(httpStatus: 200, body: answer(code)) == .refused("StatusKode \(code)")) }
        let busy = SF1470SOAP.outcome(httpStatus: 200, body: answer(50, "Intern fejl"))
        #expect(busy == .failed("StatusKode 50 – Intern fejl"))
        #expect(policy.verdict(busy, attempt: 1, now: now) == .retry(at: now.addingTimeInterval(30)))
        let fault = #"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="da">Tjenesten er ikke tilgængelig</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#
        #expect(SF1470SOAP.outcome(httpStatus: 500, body: fault) == .status(500, "SOAP-fejl: Tjenesten er ikke tilgængelig"))
        #expect(SF1470SOAP.outcome(httpStatus: 200, body: "<html>Vedligeholdelse</html>") == .failed("Svaret er ikke et SF1470-svar: <html>Vedligeholdelse</html>"))
        #expect(SF1470SOAP.outcome(httpStatus: 401, body: "") == .status(401, ""))
    }

    @Test("the settings: SOAP only for the Sags- og Dokumentindeks, with an https endpoint")
    func settings() {
        #expect(ReceiverSettings(receiver: .caseIndex, transport: .soap, endpoint: "https://sagsogdokumentindeks.example/sagdokumentindeks/6", enabled: true).validationErrors().isEmpty)
        #expect(ReceiverSettings(receiver: .caseIndex, transport: .soap, enabled: true).validationErrors().map(\.field) == ["endpoint"])
        #expect(ReceiverSettings(receiver: .grantIndex, transport: .soap, endpoint: "https://x.example/y", enabled: true).validationErrors().map(\.field) == ["transport"])
        #expect(ReceiverTransport.soap.needsEndpoint && ReceiverTransport.http.needsEndpoint && !ReceiverTransport.local.needsEndpoint)
    }
}
