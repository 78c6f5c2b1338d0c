import Testing
@testable import KaikuCore

@Suite struct CSVTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let records = try CSV.parse("a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",\"two\nlines\"\n")
        #expect(records.count == 2)
        #expect(records[1].fields == ["x, y", "he said \"hi\"", "two\nlines"])
        #expect(records[1].line == 2)
    }

    @Test func recordsKnowTheirStartingLine() throws {
        let records = try CSV.parse("h\n\"a\nb\"\nc\r\n\r\nd")
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test func semicolonsFromFinnishExcelAndBOM() throws {
        let records = try CSV.parse("\u{FEFF}code;name\nA;Äänekoski\n")
        #expect(records[0].fields == ["code", "name"])
        #expect(records[1].fields == ["A", "Äänekoski"])
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: CSV.SyntaxError.self) { try CSV.parse("a\n\"open\n") }
    }

    @Test func escapingRoundTrips() throws {
        let fields = ["plain", "comma, here", "quote \"", "line\nbreak", ""]
        let records = try CSV.parse(CSV.line(fields))
        #expect(records[0].fields == fields)
    }
}
