import Foundation
import KaikuCore

/// Seeded property-based fuzzing of the parsers that take outside input: random and mutated
/// inputs for the properties, and a growth check for the pathological ones.
public struct Fuzz {
    /// The run's seed: fixed, so that CI sees the same cases every time; `KAIKU_FUZZ_SEED`
    /// explores others (a failure prints the seed and the case that broke).
    public static let seed: UInt64 = ProcessInfo.processInfo.environment["KAIKU_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_260_301

    public var random: SplitMix64
    /// "seed S case N", for the message of a failed expectation.
    public let label: String

    init(seed: UInt64, number: Int) {
        random = SplitMix64(seed: seed &+ UInt64(number) &* 0x9E37_79B9_7F4A_7C15)
        label = "seed \(seed) case \(number)"
    }

    /// Runs `count` cases, each with its own generator, so that one case reproduces alone.
    public static func cases(_ count: Int, seed: UInt64 = Fuzz.seed, _ body: (inout Fuzz) throws -> Void) rethrows {
        for number in 0..<count {
            var fuzz = Fuzz(seed: seed, number: number)
            try body(&fuzz)
        }
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    public mutating func bytes(upTo length: Int) -> [UInt8] {
        (0..<int(0...length)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// Scalars that have broken text handling somewhere: NUL and other controls, a lone CR, CR LF,
    /// the BOM, right-to-left marks, combining marks (which join a preceding comma or quote into
    /// one Character), emoji with a zero-width joiner, letters outside ASCII, the replacement character.
    public static let awkwardScalars: [String] = [
        "\0", "\u{1}", "\u{7F}", "\r", "\n", "\r\n", "\t", "\u{FEFF}", "\u{200F}", "\u{202E}", "\u{301}", "\u{308}", "\u{20DD}",
        "😀", "👩‍⚕️", "🇫🇮", "ä", "Ö", "å", "ß", "ﬁ", "İ", "\u{FFFD}", "\u{10FFFF}", "\u{2028}", " ", "\u{A0}",
    ]

    /// Text of up to `length` pieces: ASCII, the awkward scalars above and the structural
    /// characters the parser at hand cares about.
    public mutating func text(upTo length: Int, structural: [String] = []) -> String {
        var text = ""
        for _ in 0..<int(0...length) {
            switch int(0...9) {
            case 0...3: text.unicodeScalars.append(Unicode.Scalar(UInt8(int(0x20...0x7E))))
            case 4...5: text += pick(Self.awkwardScalars)
            case 6: text.unicodeScalars.append(Unicode.Scalar(UInt32(int(0xA0...0xD7FF)))!)
            default: text += structural.isEmpty ? String(int(0...9)) : pick(structural)
            }
        }
        return text
    }

    /// Bytes that are not UTF-8: a lone continuation byte, an overlong encoding, a truncated
    /// three-byte sequence, an encoded surrogate, bytes UTF-8 never uses.
    public static let invalidUTF8: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xFF], [0xFE], [0xF8, 0x88, 0x80, 0x80, 0x80]]

    /// A valid input bent a few times: bits flipped, bytes inserted and deleted, a slice
    /// duplicated, structural characters and invalid UTF-8 spliced in.
    public mutating func mutate(_ input: [UInt8], structural: [String]) -> [UInt8] {
        var bytes = input
        for _ in 0..<int(1...8) {
            let at = int(0...bytes.count)
            switch int(0...6) {
            case 0 where !bytes.isEmpty:
                let i = int(0...bytes.count - 1)
                bytes[i] ^= 1 << UInt8(int(0...7))
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + int(1...16))
                bytes.removeSubrange(min(at, end)..<end)
            case 3 where !bytes.isEmpty:
                let start = int(0...bytes.count - 1)
                let slice = bytes[start..<min(bytes.count, start + int(1...64))]
                bytes.insert(contentsOf: slice, at: at)
            case 4:
                bytes.insert(contentsOf: Array(pick(Self.invalidUTF8)), at: at)
            case 5:
                bytes.insert(contentsOf: Array(pick(Self.awkwardScalars).utf8), at: at)
            default:
                if !structural.isEmpty { bytes.insert(contentsOf: Array(pick(structural).utf8), at: at) }
            }
        }
        return bytes
    }

    /// The same, for parsers that take a `String` (invalid UTF-8 read as U+FFFD, as a request body would be).
    public mutating func mutate(_ input: String, structural: [String]) -> String {
        String(decoding: mutate(Array(input.utf8), structural: structural), as: UTF8.self)
    }

    /// CR LF as LF, as the parsers read a line break inside a value, scalar by scalar (Foundation's
    /// search would miss a CR LF before a combining mark); a lone CR stays.
    public static func lineFeeds(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() where !(scalar == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n") {
            kept.append(scalar)
        }
        return String(kept)
    }

    /// Linear time makes `growth` about 8 and quadratic 64; the bound leaves room for allocation
    /// and cache effects.
    public static let linearBound = 24.0

    /// `growth`, measured again (three times at most) while it is over the bound: other suites run
    /// beside the growth tests, and a load spike can inflate one measurement; a quadratic parser
    /// fails all three.
    public static func settledGrowth<Input>(n: Int, _ make: (Int) -> Input, _ run: (Input) -> Void) -> Double {
        var ratio = growth(n: n, make, run)
        for _ in 0..<2 where ratio >= linearBound { ratio = growth(n: n, make, run) }
        return ratio
    }

    /// How much longer `run` takes on an input of size 8n than of size n, each the best of three.
    /// A ratio rather than a time, so that the bound holds on a slow CI machine as on a fast laptop:
    /// linear work gives about 8, quadratic 64; callers assert well under the quadratic.
    /// A quick run is repeated until it takes milliseconds, so that timer noise does not decide.
    public static func growth<Input>(n: Int, _ make: (Int) -> Input, _ run: (Input) -> Void) -> Double {
        let small = make(n), large = make(8 * n)
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        let once = seconds(clock.measure { run(small) })
        let repeats = max(1, Int((0.005 / max(once, 1e-7)).rounded(.up)))
        func best(_ input: Input) -> Double {
            (0..<3).map { _ in seconds(clock.measure { for _ in 0..<repeats { run(input) } }) }.min()!
        }
        return best(large) / best(small)
    }
}
