import Foundation
import Logging
import OpenVUMDomain

/// JSON-lines logs on standard output: one object per line with time, level, logger label, message and
/// metadata (Vapor puts the request id under `request-id`). CPR-shaped numbers are masked in every field.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        print(Self.line(
            time: Date(), level: event.level, label: label, message: event.message.description,
            metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    nonisolated(unsafe) static let timeFormatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    static let lock = NSLock()

    /// One log line, without the newline.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: String] = [
            "time": lock.withLock { timeFormatter.string(from: time) },
            "level": level.rawValue,
            "logger": label,
            "message": maskCPRNumbers(in: message),
        ]
        for (key, value) in metadata where object[key] == nil {
            // The request id is the server's own UUID (RequestIdentityMiddleware): masking could only mangle it.
            // Anything else under that key (a client's header, before the middleware ran) is masked like the rest.
            let text = value.description
            object[key] = key == "request-id" && UUID(uuidString: text) != nil ? text : maskCPRNumbers(in: text)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func print(_ line: String) {
        Self.lock.withLock {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
