import Foundation
import OpenVUMTestSupport
import Testing

@Test("PostgreSQL is configured when required (CI)")
func postgresConfiguredWhenRequired() {
    if ProcessInfo.processInfo.environment["OPENVUM_REQUIRE_POSTGRES"] == "1" {
        #expect(ProcessInfo.processInfo.environment["OPENVUM_TEST_POSTGRES_URL"] != nil,
                "OPENVUM_TEST_POSTGRES_URL must be set: database tests would silently run on SQLite only")
    }
}
