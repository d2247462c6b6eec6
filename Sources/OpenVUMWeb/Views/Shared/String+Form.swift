import Foundation
import OpenVUMDomain
import OpenVUMStore
import Plot
import Vapor

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
