import Foundation
import Synchronization

/// Record ids: UUID version 7 (RFC 9562), so ids sort by creation time on both databases.
public enum Identifier {
    private static let state = Mutex<(millis: UInt64, counter: UInt16)>((0, 0))

    /// Ids made in one process are strictly increasing, also within one millisecond (the
    /// 12 bits after the timestamp count, RFC 9562 method 1), so events made in one request
    /// keep their order.
    public static func make(at date: Date = Date()) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let (millis, counter) = state.withLock { state -> (UInt64, UInt16) in
            let now = UInt64(max(0, date.timeIntervalSince1970 * 1000))
            if now > state.millis {
                state = (now, UInt16.random(in: 0...0x3FF))
            } else if state.counter < 0xFFF {
                state.counter += 1
            } else {
                state = (state.millis + 1, 0)
            }
            return (state.millis, state.counter)
        }
        for i in 0..<6 { bytes[i] = UInt8((millis >> (8 * (5 - UInt64(i)))) & 0xFF) }
        var generator = SystemRandomNumberGenerator()
        for i in 8..<16 { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = 0x70 | UInt8(counter >> 8)
        bytes[7] = UInt8(counter & 0xFF)
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return Hex.encode(bytes, asUUID: true)
    }

    /// Random UUIDs (version 4) for records whose ids must not tell when they were made (anonymous
    /// survey responses), `count` of them written together. They share their first eight random
    /// bytes, so one commit's rows sit side by side in the index instead of landing on as many
    /// pages as there are rows (measured in docs/BENCHMARKS.md: 2,450 → 4,450 answers/s). The
    /// shared half says only that the rows were committed together, never when.
    public static func makeRandom(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        var prefix = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        prefix[6] = 0x40 | (prefix[6] & 0x0F)
        return (0..<count).map { _ in
            var suffix = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
            suffix[0] = 0x80 | (suffix[0] & 0x3F)
            return Hex.encode(prefix + suffix, asUUID: true)
        }
    }

    /// Opaque secrets for cookies and links: 256 random bits, URL-safe.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Opaque references that say nothing about what they name: 128 random bits as 32 hex digits.
    public static func makeReference() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    public static func isReference(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public static func isWellFormed(_ id: String) -> Bool {
        id.count == 36 && UUID(uuidString: id) != nil
    }
}

/// Lower-case hexadecimal, written by hand: String(format:) costs more than the rest of an id
/// or a hash (docs/BENCHMARKS.md).
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    /// `asUUID` puts the dashes of a UUID's text form in 16 bytes.
    public static func encode(_ bytes: some Sequence<UInt8>, asUUID: Bool = false) -> String {
        var text = [UInt8]()
        text.reserveCapacity(72)
        for (i, byte) in bytes.enumerated() {
            if asUUID && (i == 4 || i == 6 || i == 8 || i == 10) { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Instants are stored as fixed-width UTC text, which sorts correctly on both databases.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

/// Compares secrets (tokens, signatures) in time that does not depend on where they differ, so a
/// guesser learns nothing from how long a refusal takes.
public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}
