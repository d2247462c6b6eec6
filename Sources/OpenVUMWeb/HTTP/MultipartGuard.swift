import Foundation
import OpenVUMDomain
import Vapor

/// MultipartKit 4 stops the whole process on a part whose header name holds a byte of 0x80 or more: its table of the
/// characters allowed in a header name has 128 entries, indexed by the byte. Every route's body passes this check
/// before anything reads it as `multipart/form-data` (the CSRF check, the uploads), so such a body is refused (400)
/// instead. Header values (a Danish file name in UTF-8) are left alone.
enum MultipartGuard {
    static func check(_ req: Request) throws {
        guard let type = req.headers.contentType, type.type == "multipart", let body = req.body.data,
              let boundary = type.parameters["boundary"], !boundary.isEmpty else { return }
        if !headerNamesAreASCII(Array(body.readableBytesView), boundary: Array(boundary.utf8)) {
            throw DomainError(.badRequest, code: "body.multipart", title: "Ugyldig forespørgsel",
                              detail: "Formularen kunne ikke læses som multipart/form-data.")
        }
    }

    /// Whether every header name of every part (from a line's start to its colon) is ASCII.
    static func headerNamesAreASCII(_ bytes: [UInt8], boundary: [UInt8]) -> Bool {
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, colon: UInt8 = 0x3A
        var i = 0
        while let at = find(delimiter, in: bytes, from: i) {
            var p = at + delimiter.count
            if p + 1 < bytes.count, bytes[p] == 0x2D, bytes[p + 1] == 0x2D { return true }   // the closing delimiter
            // The rest of the delimiter's line.
            while p < bytes.count, bytes[p] != lf { p += 1 }
            p += 1
            // The part's header lines, up to the empty line.
            while p < bytes.count, bytes[p] != cr, bytes[p] != lf {
                while p < bytes.count, bytes[p] != colon, bytes[p] != cr, bytes[p] != lf {
                    if bytes[p] >= 0x80 { return false }
                    p += 1
                }
                while p < bytes.count, bytes[p] != lf { p += 1 }
                p += 1
            }
            i = max(p, at + delimiter.count)
        }
        return true
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, start <= hay.count - needle.count else { return nil }
        var i = start
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
