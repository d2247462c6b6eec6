import Fluent
import FluentSQLiteDriver
import Foundation
import OpenVUMDomain
import OpenVUMStore
import SQLKit
import Vapor

extension Principal: Authenticatable {}
