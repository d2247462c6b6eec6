import Foundation

/// A memo of a pure rendering: the API's JSON of a stored document, keyed by the stored text itself. The rendering
/// depends on nothing but that text, so an entry is right for as long as it exists — a changed document is a new
/// key — and nothing is ever invalidated. Bounded: two generations of at most `capacity / 2` entries each; when the
/// newer one is full it becomes the older and the older is dropped (entries read from the older move to the newer).
/// Used where a list renders many stored documents on every read (the order list: decoding and encoding 100 orders
/// was three quarters of its CPU, docs/benchmarks.md).
final class RenderedJSONMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var newer: [String: String] = [:]
    private var older: [String: String] = [:]
    let capacity: Int

    init(capacity: Int) { self.capacity = max(2, capacity) }

    /// The rendering of `stored`, from the memo or by `render` (then kept).
    func json(for stored: String, render: (String) throws -> String) rethrows -> String {
        if let hit = lock.withLock({ () -> String? in
            if let v = newer[stored] { return v }
            guard let v = older.removeValue(forKey: stored) else { return nil }
            keep(stored, v)
            return v
        }) { return hit }
        let rendered = try render(stored)
        lock.withLock { keep(stored, rendered) }
        return rendered
    }

    /// How many renderings are kept (for tests).
    var count: Int { lock.withLock { newer.count + older.count } }

    /// With the lock held.
    private func keep(_ stored: String, _ rendered: String) {
        if newer.count >= capacity / 2 {
            older = newer
            newer = [:]
        }
        newer[stored] = rendered
    }
}
