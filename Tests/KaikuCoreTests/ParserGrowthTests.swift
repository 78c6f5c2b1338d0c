import Foundation
import KaikuTestSupport
import Testing
@testable import KaikuCore

/// No parser of outside input may take quadratic time on a hostile input: each family below is
/// timed at n and 8n (`Fuzz.growth`), and the ratio must stay well under quadratic's 64 (linear
/// is about 8; 24 leaves room for allocation and cache effects). Serialized, so that the two
/// timings of one family are not taken under different loads from this suite's other tests.
@Suite(.serialized) struct ParserGrowthTests {
    static func expectLinear<Input>(_ family: String, n: Int, _ make: (Int) -> Input, _ run: (Input) -> Void) {
        let ratio = Fuzz.settledGrowth(n: n, make, run)
        print("growth \(family): \(String(format: "%.1f", ratio)) (n = \(n))")
        #expect(ratio < Fuzz.linearBound, "\(family): 8× the input took \(ratio)× the time")
    }

    static func repeating(_ piece: String) -> (Int) -> String {
        { n in String(repeating: piece, count: max(1, n / piece.utf8.count)) }
    }

    @Test func csv() {
        for (family, piece) in [("quotes", "\"\""), ("separators", ",;"), ("line breaks", "\r\n\r"), ("combining marks", ",\u{301}")] {
            Self.expectLinear("CSV.parse \(family)", n: 20_000, { "a,b\n\"" + Self.repeating(piece)($0) + "\"\n" }, { _ = try? CSV.parse($0) })
        }
        Self.expectLinear("CSV.neutralise/restore", n: 20_000, Self.repeating("'"), { _ = CSV.restore(CSV.neutralise($0)) })
    }

    /// A parent chain as long as the file: the cycle check walks up from every row.
    @Test func orgImport() {
        Self.expectLinear("OrgImport.read parent chain", n: 500, { n in
            (1..<n).reduce(into: OrgImport.columns.joined(separator: ",") + "\nN0,,county,Maakunta,,,,,\n") { text, i in
                text += "N\(i),N\(i - 1),unit,Yksikkö \(i),,,,,\n"
            }
        }, { _ = OrgImport.read($0) })
    }

    @Test func visitFile() {
        let header = VisitFile.columns.joined(separator: ",") + "\n"
        for (family, piece) in [("escaped quotes", "\"\""), ("separators", ","), ("line breaks", "\n"), ("semicolons", ";")] {
            Self.expectLinear("VisitFile.read \(family)", n: 40_000, { header + "\"" + Self.repeating(piece)($0) }, { _ = VisitFile.read(Array($0.utf8)) })
        }
        Self.expectLinear("VisitFile.read rows", n: 40_000,
                          { header + Self.repeating("V,P,040,1980-05-05,fi,1,visit,,2026-11-20T13:00:00.5555+02:00,2026-11-20T13:00:00Z,true,false,false\n")($0) },
                          { _ = VisitFile.read(Array($0.utf8)) })
    }

    @Test func fhirBundle() {
        let entry = #"{"resource": {"resourceType": "Patient", "id": "a"}}, {"resource": {"resourceType": "Encounter", "subject": {"reference": "Patient/a"}}},"#
        Self.expectLinear("FHIRVisits.read entries", n: 20_000, { #"{"resourceType": "Bundle", "entry": ["# + Self.repeating(entry)($0) + "{}]}" },
                          { _ = try? FHIRVisits.read(Data($0.utf8)) })
    }

    @Test func personalData() {
        let families = [("digits", "0"), ("letters", "a"), ("email local parts", "a."), ("hyphenated capitals", "A-"),
                        ("phone numbers", "0401234567 "), ("emails", "a@b.fi "), ("spaced digits", "0 "), ("addresses", "Katu 1 ")]
        for (family, piece) in families {
            Self.expectLinear("PersonalData.mask \(family)", n: 5_000, Self.repeating(piece), { _ = PersonalData.mask($0) })
        }
    }

    @Test func nameDetection() {
        Self.expectLinear("PersonalData.nameRanges names", n: 5_000, Self.repeating("Matti, "),
                          { _ = PersonalData.nameRanges(in: $0, ParserFuzzTests.GivenNames()) })
    }

    @Test func answers() {
        let definition = ParserFuzzTests.everyKind
        Self.expectLinear("SurveyAnswers.read many choices", n: 20_000, { $0 }, { n in
            _ = SurveyAnswers.read(definition, fields: ["q.multiple_choice": Array(repeating: "a", count: n), "q.nps": ["3"], "q.free_text": [String(repeating: " ", count: n)]])
        })
    }

    @Test func headersAndText() {
        Self.expectLinear("Language.negotiate Accept-Language", n: 20_000, Self.repeating("xx;q=0.5,"), { _ = Language.negotiate(query: nil, cookie: $0, acceptLanguage: $0) })
        Self.expectLinear("ClientAddress.resolve X-Forwarded-For", n: 20_000, Self.repeating("10.0.0.1,"), {
            _ = ClientAddress.resolve(peer: "10.0.0.2", values: [$0], trusted: [AddressRange("10.0.0.0/8")!])
        })
        Self.expectLinear("IPAddress.parse colons", n: 20_000, Self.repeating(":"), { _ = IPAddress.parse($0) })
        Self.expectLinear("Markup.escape", n: 20_000, Self.repeating("<&\u{1}"), { _ = Markup.escape($0) })
        Self.expectLinear("TextBlock.parse", n: 20_000, Self.repeating("- a\n\n"), { _ = TextBlock.parse($0) })
        Self.expectLinear("SurveyDesign.parseOptions", n: 20_000, Self.repeating("a | b | c | d\n"), { _ = SurveyDesign.parseOptions($0) })
    }
}
