import Foundation
import Testing

/// The engines every database test runs against. PostgreSQL joins when `OPENVUM_TEST_POSTGRES_URL` is set
/// (scripts/test always sets it, and `OPENVUM_REQUIRE_POSTGRES=1` turns its absence into a failure).
package enum Engine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    package static var available: [Engine] {
        ProcessInfo.processInfo.environment["OPENVUM_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    package var testDescription: String { rawValue }

    /// Whether PostgreSQL tests run (for `.enabled(if:)` on tests that only make sense there).
    package static var postgresAvailable: Bool { available.contains(.postgres) }
}
