import Foundation
import KaikuTestSupport
import NIOCore
import Testing
@testable import KaikuWeb

/// The form parsers every POST goes through, under seeded random and mutated bodies: a body is
/// read or refused with `FormData.ParseError` (the 400 page), never trapped on, and an encoded
/// form reads back field for field. Timings as in ParserGrowthTests: 8× the body, < 24× the time.
@Suite(.serialized) struct FormDataFuzzTests {
    static let structure = ["%", "%2", "%41", "%ZZ", "%C3%A4", "%FF", "%0D%0A", "%00", "&", "=", "+", "&&", "=="]

    @Test func urlEncodedBodiesAreReadOrRefused() {
        let seed = Array("_csrf=abc&q.nps=9&q.free_text=Hyv%C3%A4%C3%A4+palvelua%0D%0Akiitos&q.choice=a&q.choice=b-2".utf8)
        Fuzz.cases(4_000) { fuzz in
            let body = fuzz.chance(0.3) ? fuzz.bytes(upTo: 120) : fuzz.mutate(seed, structural: Self.structure)
            do throws(FormData.ParseError) {
                let form = try FormData.parseURLEncoded(body)
                let values = form.fields.flatMap { [$0.key] + $0.value }
                // Strict: nothing but text without control characters (tab and line breaks aside) gets through.
                #expect(!values.contains { $0.unicodeScalars.contains { ($0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0)) || $0.value == 0x7F } }, "\(fuzz.label)")
            } catch {
                #expect(error == .malformed || error == .invalidUTF8, "\(fuzz.label)")
            }
        }
    }

    /// What a browser sends (spaces as + or %20, any hex case) reads back as the fields it came from.
    @Test func encodedFormsReadBack() throws {
        try Fuzz.cases(3_000) { fuzz in
            var fields: [(String, String)] = []
            for _ in 0..<fuzz.int(1...5) {
                let text = { (fuzz: inout Fuzz) in
                    String(String.UnicodeScalarView(fuzz.text(upTo: 10, structural: ["&", "=", "+", "%", " ", "\r\n", "\n"]).unicodeScalars
                        .filter { $0.value >= 0x20 && $0.value != 0x7F || "\t\n\r".unicodeScalars.contains($0) }))
                }
                fields.append((text(&fuzz), text(&fuzz)))
            }
            let body = fields.map { Self.encode($0.0, &fuzz) + "=" + Self.encode($0.1, &fuzz) }.joined(separator: "&")
            let form = try FormData.parseURLEncoded(Array(body.utf8))
            var expected: [String: [String]] = [:]
            // The parser reads CR LF in a value as LF (what a textarea means); a lone CR stays.
            for (name, value) in fields {
                expected[Fuzz.lineFeeds(name), default: []].append(Fuzz.lineFeeds(value))
            }
            #expect(form.fields == expected, "\(fuzz.label) \(body)")
        }
    }

    static func encode(_ text: String, _ fuzz: inout Fuzz) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte == 0x20 && fuzz.chance(0.5) {
                out += "+"
            } else if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar), fuzz.chance(0.8) {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: fuzz.chance(0.5))
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static let multipart = Array("""
        --XyZ\r
        Content-Disposition: form-data; name="_csrf"\r
        \r
        abc\r
        --XyZ\r
        Content-Disposition: form-data; name="file"; filename="org.csv"\r
        Content-Type: text/csv\r
        \r
        code,name\r
        A,"Ääne"\r
        --XyZ--\r

        """.utf8)

    @Test func multipartBodiesAreReadOrRefused() {
        Fuzz.cases(2_000) { fuzz in
            let body = fuzz.chance(0.2) ? fuzz.bytes(upTo: 200) : fuzz.mutate(Self.multipart, structural: ["--XyZ", "\r\n", "\r\n\r\n", "\"", ";", "name=", "filename=", ":"])
            let boundary = fuzz.chance(0.9) ? "XyZ" : fuzz.text(upTo: 4)
            do throws(FormData.ParseError) {
                let form = try FormData.parseMultipart(ByteBuffer(bytes: body), boundary: boundary)
                #expect(form.files.values.allSatisfy { $0.data.count <= body.count }, "\(fuzz.label)")
            } catch {
                #expect(error == .malformed || error == .invalidUTF8, "\(fuzz.label)")
            }
        }
    }

    /// multipart-kit trapped on a header name byte outside ASCII (found by the fuzz above); a
    /// UTF-8 file name stays welcome.
    @Test func nonASCIIHeaderNameIsRefusedNotTrappedOn() throws {
        let body = "--XyZ\r\nContent-Dispositiön: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--\r\n"
        #expect(throws: FormData.ParseError.malformed) { try FormData.parseMultipart(ByteBuffer(string: body), boundary: "XyZ") }
        let upload = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"Ääne.csv\"\r\n\r\nv\r\n--XyZ--\r\n"
        #expect(try FormData.parseMultipart(ByteBuffer(string: upload), boundary: "XyZ").files["f"]?.filename == "Ääne.csv")
    }

    static func expectLinear(_ family: String, n: Int, _ make: (Int) -> [UInt8], _ run: ([UInt8]) -> Void) {
        let ratio = Fuzz.settledGrowth(n: n, make, run)
        print("growth \(family): \(String(format: "%.1f", ratio)) (n = \(n))")
        #expect(ratio < Fuzz.linearBound, "\(family): 8× the body took \(ratio)× the time")
    }

    static func repeating(_ piece: String, prefix: String = "", suffix: String = "") -> (Int) -> [UInt8] {
        { n in Array((prefix + String(repeating: piece, count: n / piece.utf8.count) + suffix).utf8) }
    }

    @Test func urlEncodedTakesLinearTime() {
        let families = [("escapes", "%41", "a=", ""), ("pairs", "a=b&", "", ""), ("separators", "&", "", ""), ("equals signs", "=", "a", ""),
                        ("plus signs", "+", "a=", ""), ("CR LF", "%0D%0A", "a=", "")]
        for (family, piece, prefix, suffix) in families {
            Self.expectLinear("FormData.parseURLEncoded \(family)", n: 40_000, Self.repeating(piece, prefix: prefix, suffix: suffix), { _ = try? FormData.parseURLEncoded($0) })
        }
        Self.expectLinear("FormData.parseURLEncoded distinct names", n: 40_000, { n in Array((0..<n / 8).map { "k\($0)=v" }.joined(separator: "&").utf8) },
                          { _ = try? FormData.parseURLEncoded($0) })
    }

    @Test func multipartTakesLinearTime() {
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n"
        for (family, make) in [("parts", Self.repeating(part, suffix: "--XyZ--\r\n")),
                               ("boundary-like lines", Self.repeating("\r\n--XyZ-", prefix: "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n", suffix: "\r\n--XyZ--\r\n")),
                               ("header semicolons", Self.repeating(";", prefix: "--XyZ\r\nContent-Disposition: form-data", suffix: "; name=\"a\"\r\n\r\nv\r\n--XyZ--\r\n"))] {
            Self.expectLinear("FormData.parseMultipart \(family)", n: 40_000, make, { _ = try? FormData.parseMultipart(ByteBuffer(bytes: $0), boundary: "XyZ") })
        }
    }
}
