@testable import OpenVUMWeb
import Testing

@Suite("The memo of rendered JSON: one rendering per stored text, bounded")
struct RenderedJSONMemoTests {
    @Test("a stored text is rendered once and then read from the memo; another text is rendered anew")
    func rendersOnce() throws {
        let memo = RenderedJSONMemo(capacity: 10)
        var renders = 0
        func render(_ s: String) -> String {
            renders += 1
            return "<\(s)>"
        }
        #expect(memo.json(for: "a", render: render) == "<a>")
        #expect(memo.json(for: "a", render: render) == "<a>")
        #expect(renders == 1)
        #expect(memo.json(for: "b", render: render) == "<b>")
        #expect(renders == 2)
    }

    @Test("never more than its capacity; a text read again while kept in the older half is not rendered again")
    func bounded() throws {
        let memo = RenderedJSONMemo(capacity: 4)
        var renders = 0
        func render(_ s: String) -> String {
            renders += 1
            return s.uppercased()
        }
        for s in ["a", "b", "c", "d", "e", "f", "g"] { _ = memo.json(for: s, render: render) }
        #expect(renders == 7)
        #expect(memo.count <= 4)
        // Halves of two: after "g", the newer half holds g, the older e and f.
        _ = memo.json(for: "f", render: render)
        #expect(renders == 7)
        _ = memo.json(for: "a", render: render)
        #expect(renders == 8)
        #expect(memo.count <= 4)
    }

    @Test("a failed rendering keeps nothing and passes the error on")
    func failure() throws {
        struct Failed: Error {}
        let memo = RenderedJSONMemo(capacity: 4)
        #expect(throws: Failed.self) { try memo.json(for: "x") { _ in throw Failed() } }
        #expect(memo.count == 0)
        #expect(memo.json(for: "x") { _ in "X" } == "X")
    }
}
