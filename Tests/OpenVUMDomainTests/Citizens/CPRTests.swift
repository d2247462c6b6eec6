import Foundation
import OpenVUMDomain
import Testing

@Suite("CPR numbers")
struct CPRTests {
    // (input, expected year, expected month, expected day)
    @Test("century from the 7th digit", arguments: [
        ("010150-0000", 1950, 1, 1),  // 0: 1900–1999
        ("010150-3999", 1950, 1, 1),  // 3
        ("010136-4000", 2036, 1, 1),  // 4, 00–36: 2000s
        ("010137-4000", 1937, 1, 1),  // 4, 37–99: 1900s
        ("010157-5000", 2057, 1, 1),  // 5–8, 00–57: 2000s
        ("010158-8000", 1858, 1, 1),  // 5–8, 58–99: 1800s
        ("010136-9000", 2036, 1, 1),  // 9, 00–36: 2000s
        ("010137-9000", 1937, 1, 1),  // 9, 37–99: 1900s
        ("290200-4000", 2000, 2, 29), // leap day in 2000
        ("2902964000", 1996, 2, 29),  // ten digits, leap year
    ])
    func century(input: String, year: Int, month: Int, day: Int) throws {
        let cpr = try CPRNumber(input)
        #expect(cpr.birthDate.year == year)
        #expect(cpr.birthDate.month == month)
        #expect(cpr.birthDate.day == day)
    }

    @Test("numbers that fail modulus 11 are still valid")
    func modulus11NotRequired() throws {
        let cpr = try CPRNumber("010101-4567")
        #expect(cpr.passesModulus11 == false)
        #expect(cpr.digits == "0101014567")
        // And one that passes, to show the check itself works.
        #expect(try CPRNumber("070761-4285").passesModulus11)
    }

    @Test("format errors", arguments: ["", "12345", "010190_1234", "0101901234x", "01019O-1234", "010190-12345", "01-0190-123", " 0101-901234"])
    func formatErrors(input: String) {
        #expect(throws: CPRNumber.ParseError.format) { try CPRNumber(input) }
    }

    @Test("impossible dates", arguments: ["320190-1234", "000190-1234", "011390-1234", "010090-1234", "290200-1234", "290201-4000", "310490-1234"])
    func dateErrors(input: String) {
        // 290200-1234: 7th digit 1 means 1900, not a leap year.
        #expect(throws: CPRNumber.ParseError.date) { try CPRNumber(input) }
    }

    @Test("formatting and masking")
    func formatting() throws {
        let cpr = try CPRNumber(" 1205781234 ")
        #expect(cpr.formatted == "120578-1234")
        #expect(cpr.masked == "120578-****")
        #expect("\(cpr)" == "120578-****")
    }

    @Test("masking CPR numbers in free text")
    func maskingText() {
        #expect(maskCPRNumbers(in: "cpr=1205781234") == "cpr=120578-****")
        #expect(maskCPRNumbers(in: "a 120578-1234 b 120578 1234") == "a 120578-**** b 120578-****")
        #expect(maskCPRNumbers(in: "id 12345678901 stays") == "id 12345678901 stays")
        #expect(maskCPRNumbers(in: "1234-5678 and 123456") == "1234-5678 and 123456")
        #expect(maskCPRNumbers(in: "") == "")
    }

    @Test("Danish messages name the problem")
    func messages() {
        #expect(CPRNumber.message(for: .format).contains("DDMMÅÅ-XXXX"))
        #expect(CPRNumber.message(for: .date).contains("fødselsdato"))
    }

    @Test("JSON round trip as the plain digits")
    func codable() throws {
        let cpr = try CPRNumber("120578-1234")
        let data = try JSONEncoder().encode(cpr)
        #expect(String(decoding: data, as: UTF8.self) == "\"1205781234\"")
        #expect(try JSONDecoder().decode(CPRNumber.self, from: data) == cpr)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CPRNumber.self, from: Data("\"320178-1234\"".utf8)) }
    }
}
