import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Vapor

extension Request {
    /// Decodes a posted web form; anything unreadable is a Danish 400, never a 500.
    func form<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try content.decode(T.self) } catch {
            throw DomainError(.badRequest, code: "form.invalid", title: "Formularen kunne ikke læses",
                              detail: "Formularens indhold kunne ikke læses. Genindlæs siden og prøv igen.")
        }
    }
}
