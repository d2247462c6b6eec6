import FluentKit
import Foundation
import OpenVUMDomain
import SQLKit

/// One concept of an imported terminology.
public struct TerminologyConcept: Sendable, Codable, Equatable {
    public var code: String
    public var display: String
    public var parent: String?
    /// FFB: the concept's level; KLE: `hovedgruppe`, `gruppe` or `emne`.
    public var level: String?
    public var valueSets: [String]
    /// FFB: the legal basis from the definition (e.g. "Serviceloven § 107"), when it names one.
    public var paragraph: String?
}

/// The active version of every terminology, held in memory: codes are looked up on every case write.
public struct TerminologySnapshot: TerminologyLookup {
    public var versions: [TerminologySystem: String]
    public var concepts: [TerminologySystem: [String: TerminologyConcept]]

    public init(versions: [TerminologySystem: String] = [:], concepts: [TerminologySystem: [String: TerminologyConcept]] = [:]) {
        self.versions = versions
        self.concepts = concepts
    }

    public func contains(_ system: TerminologySystem, code: String, valueSet: String?) -> Bool {
        guard let concept = concepts[system]?[code] else { return false }
        return valueSet.map { concept.valueSets.contains($0) } ?? true
    }

    public func display(_ system: TerminologySystem, code: String) -> String? { concepts[system]?[code]?.display }

    public func concept(_ system: TerminologySystem, _ code: String) -> TerminologyConcept? { concepts[system]?[code] }

    /// The concepts of an FFB value set, sorted by display text.
    public func valueSet(_ name: String) -> [TerminologyConcept] {
        (concepts[.ffb] ?? [:]).values.filter { $0.valueSets.contains(name) }.sorted { $0.display < $1.display }
    }

    /// KLE entries of a level (`emne`, `gruppe`, `hovedgruppe`), sorted by number.
    public func kle(level: String) -> [TerminologyConcept] {
        (concepts[.kle] ?? [:]).values.filter { $0.level == level }.sorted { $0.code < $1.code }
    }
}

/// Holds the current snapshot; reloaded after an import. Thread-safe.
public final class TerminologyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: TerminologySnapshot?

    public init() {}

    public func current(on db: any Database) async throws -> TerminologySnapshot {
        if let s = lock.withLock({ snapshot }) { return s }
        let loaded = try await TerminologyStore.loadActive(on: db)
        lock.withLock { snapshot = loaded }
        return loaded
    }

    public func invalidate() { lock.withLock { snapshot = nil } }
}

public enum TerminologyStore {
    public struct ImportResult: Sendable, Equatable {
        public var system: TerminologySystem
        public var version: String
        public var conceptCount: Int
        /// False when this version was already imported (nothing changed).
        public var imported: Bool
    }

    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Imports `ffb.json` and `kle.json` from a folder in the format of the shared terminology folder.
    public static func importDirectory(_ directory: URL, now: Date, on db: any Database) async throws -> [ImportResult] {
        var results: [ImportResult] = []
        var found = false
        for (file, system) in [("ffb.json", TerminologySystem.ffb), ("kle.json", .kle)] {
            let url = directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            found = true
            let data = try Data(contentsOf: url)
            results.append(try await importFile(data, system: system, source: url.lastPathComponent, now: now, on: db))
        }
        if !found { throw ImportError(description: "Mappen \(directory.path) indeholder hverken ffb.json eller kle.json.") }
        return results
    }

    /// Parses one terminology file; throws a readable error on a file that is not in the expected format.
    public static func parse(_ data: Data, system: TerminologySystem) throws -> (version: String, concepts: [TerminologyConcept]) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ImportError(description: "Filen er ikke et JSON-objekt.")
        }
        switch system {
        case .ffb:
            guard let version = root["version"] as? String, let list = root["concepts"] as? [[String: Any]] else {
                throw ImportError(description: "FFB-filen mangler version eller concepts.")
            }
            let concepts = try list.map { c -> TerminologyConcept in
                guard let code = c["code"] as? String, let display = c["display"] as? String else {
                    throw ImportError(description: "Et FFB-begreb mangler code eller display.")
                }
                let paragraphs = (c["paragraph"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
                return TerminologyConcept(
                    code: code, display: display.trimmingCharacters(in: .whitespaces), parent: c["parent"] as? String,
                    level: (c["level"] as? Int).map(String.init), valueSets: c["valueSets"] as? [String] ?? [],
                    paragraph: paragraphs.isEmpty ? nil : paragraphs.joined(separator: "; "))
            }
            return (version, concepts)
        case .kle:
            guard let entries = root["entries"] as? [[String: Any]] else { throw ImportError(description: "KLE-filen mangler entries.") }
            let version = (root["edition"] as? String) ?? (root["version"] as? String) ?? "ukendt"
            let concepts = try entries.map { e -> TerminologyConcept in
                guard let number = e["nummer"] as? String, let title = e["titel"] as? String else {
                    throw ImportError(description: "En KLE-post mangler nummer eller titel.")
                }
                return TerminologyConcept(code: number, display: title, parent: e["parent"] as? String, level: e["niveau"] as? String,
                                          valueSets: [], paragraph: e["markering"] as? String)
            }
            return (version, concepts)
        }
    }

    /// Imports one version of a terminology and makes it the active one. Re-importing a version is a no-op.
    public static func importFile(_ data: Data, system: TerminologySystem, source: String, now: Date, on db: any Database) async throws -> ImportResult {
        let (version, concepts) = try parse(data, system: system)
        return try await db.transaction { tx in
            let sql = tx.sql
            if let existing = try await sql.select().column("id").from("terminology_versions")
                .where("system", .equal, system.rawValue).where("version", .equal, version).first() {
                let id = try existing.decode(column: "id", as: UUID.self)
                try await sql.update("terminology_versions").set("active", to: false).where("system", .equal, system.rawValue).run()
                try await sql.update("terminology_versions").set("active", to: true).where("id", .equal, id).run()
                return ImportResult(system: system, version: version, conceptCount: concepts.count, imported: false)
            }
            let versionID = UUID()
            try await sql.update("terminology_versions").set("active", to: false).where("system", .equal, system.rawValue).run()
            try await sql.insert(into: "terminology_versions")
                .columns("id", "system", "version", "source", "concept_count", "imported_at", "active")
                .values(SQLBind(versionID), SQLBind(system.rawValue), SQLBind(version), SQLBind(source), SQLBind(concepts.count), SQLBind(now), SQLBind(true))
                .run()
            for chunk in stride(from: 0, to: concepts.count, by: 500).map({ Array(concepts[$0..<min($0 + 500, concepts.count)]) }) {
                var insert = sql.insert(into: "terminology_concepts")
                    .columns("id", "version_id", "system", "code", "display", "parent", "level", "value_sets", "paragraph")
                for c in chunk {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(versionID), SQLBind(system.rawValue), SQLBind(c.code), SQLBind(c.display), SQLBind(c.parent),
                        SQLBind(c.level), SQLBind("|" + c.valueSets.joined(separator: "|") + "|"), SQLBind(c.paragraph))
                }
                try await insert.run()
            }
            return ImportResult(system: system, version: version, conceptCount: concepts.count, imported: true)
        }
    }

    /// The active version of every system.
    public static func loadActive(on db: any Database) async throws -> TerminologySnapshot {
        let sql = db.sql
        let rows = try await sql.raw("""
            SELECT v.system AS system, v.version AS version, c.code AS code, c.display AS display, c.parent AS parent,
                   c.level AS level, c.value_sets AS value_sets, c.paragraph AS paragraph
            FROM terminology_concepts c JOIN terminology_versions v ON v.id = c.version_id WHERE v.active = \(bind: true)
            """).all()
        var snapshot = TerminologySnapshot()
        for row in rows {
            guard let system = TerminologySystem(rawValue: try row.decode(column: "system", as: String.self)) else { continue }
            snapshot.versions[system] = try row.decode(column: "version", as: String.self)
            let sets = try row.decode(column: "value_sets", as: String.self).split(separator: "|").map(String.init)
            let concept = TerminologyConcept(
                code: try row.decode(column: "code", as: String.self), display: try row.decode(column: "display", as: String.self),
                parent: try row.decode(column: "parent", as: String?.self), level: try row.decode(column: "level", as: String?.self),
                valueSets: sets, paragraph: try row.decode(column: "paragraph", as: String?.self))
            snapshot.concepts[system, default: [:]][concept.code] = concept
        }
        return snapshot
    }

    /// The built-in demo subset (a few dozen FFB and KLE codes), used when no terminology folder is available.
    public static func importBuiltInDemoSubset(now: Date, on db: any Database) async throws -> [ImportResult] {
        guard let url = Bundle.module.url(forResource: "demo-terminology-subset", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ImportError(description: "Den indbyggede demo-terminologi mangler.")
        }
        var results: [ImportResult] = []
        for (key, system) in [("ffb", TerminologySystem.ffb), ("kle", .kle)] {
            guard let part = root[key] else { continue }
            let partData = try JSONSerialization.data(withJSONObject: part)
            results.append(try await importFile(partData, system: system, source: "built-in demo subset", now: now, on: db))
        }
        return results
    }
}
