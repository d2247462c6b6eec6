import Fluent
import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension Response {
    func withStatus(_ status: HTTPResponseStatus) -> Response {
        self.status = status
        return self
    }
}
