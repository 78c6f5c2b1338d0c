import Foundation
import KaikuCore
import Logging
import Synchronization

/// Structured logs (`KAIKU_LOG_FORMAT=json`): one JSON object per line on standard error, for a
/// log shipper. Kaiku never logs feedback text and logs errors by their reason only; as a last
/// line of defence every message and value passes through `PersonalData.mask` here, so an
/// identity code, phone number, email address or name that slipped into an error is not shipped.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Lines from concurrent tasks must not interleave.
    static let lock = Mutex(())

    public func log(event: LogEvent) {
        guard let line = Self.line(level: event.level, label: label, message: "\(event.message)", source: event.source,
                                   metadata: metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }), at: Date()) else { return }
        Self.lock.withLock { _ in FileHandle.standardError.write(line) }
    }

    /// One record as a line of JSON, every text masked.
    static func line(level: Logger.Level, label: String, message: String, source: String, metadata: Logger.Metadata, at time: Date) -> Data? {
        let fields = metadata.mapValues { PersonalData.mask("\($0)") }
        let object: [String: Any] = [
            "time": Timestamp.format(time), "level": level.rawValue, "logger": label, "message": PersonalData.mask(message),
            "source": source, "metadata": fields,
        ]
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        line.append(0x0A)
        return line
    }
}
