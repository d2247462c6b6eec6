import Foundation
import Testing

/// Text snapshots (pages, problem bodies, SQL) kept under `Tests/__Snapshots__/`, so that a reviewer sees a
/// changed page or query in the diff. A missing snapshot is written and the test fails once (look at it and
/// commit it); `OPENVUM_RECORD_SNAPSHOTS=1` rewrites every snapshot that differs.
package enum Snapshot {
    package static func expect(
        _ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.lastPathComponent != "Tests", dir.path != "/" { dir.deleteLastPathComponent() }
        let file = dir.appendingPathComponent("__Snapshots__").appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["OPENVUM_RECORD_SNAPSHOTS"] == "1"
        if let old = try? String(contentsOf: file, encoding: .utf8) {
            if old == text { return }
            if !record {
                let a = old.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                let was = line < a.count ? String(a[line]) : "(end)", now = line < b.count ? String(b[line]) : "(end)"
                Issue.record("snapshot \(name) differs at line \(line + 1):\n  was: \(was)\n  now: \(now)\n(OPENVUM_RECORD_SNAPSHOTS=1 accepts the new text)",
                             sourceLocation: sourceLocation)
                return
            }
        }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("snapshot \(name) could not be written: \(error)", sourceLocation: sourceLocation)
            return
        }
        if !record { Issue.record("snapshot \(name) recorded: look at it and commit it", sourceLocation: sourceLocation) }
    }
}
