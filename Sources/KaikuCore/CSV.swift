import Foundation

/// RFC 4180 CSV, as spreadsheets write it: quoted fields may hold commas, quotes ("") and line
/// breaks. Finnish Excel writes semicolons; the delimiter is taken from the header line.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line on which the record starts, for error messages.
    public let line: Int
    public let fields: [String]
}

public enum CSV {
    public struct SyntaxError: Error, Equatable, Sendable {
        public let line: Int
        public let message: String
    }

    /// Reads Unicode scalars, not Characters: a combining mark after a comma or a quote joins it
    /// into one Character, which would hide the comma or the quote.
    public static func parse(_ text: String) throws(SyntaxError) -> [CSVRecord] {
        var text = Substring(text).unicodeScalars
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        let delimiter = delimiter(of: text)

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(String(field))
            // A record that is one empty field is a blank line; skip it.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                switch c {
                case "\"":
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                case "\r":
                    // CR LF in a quoted field is read as LF; a lone CR is kept.
                    let next = iterator.next()
                    if next == "\n" { line += 1; field.append("\n") } else { field.append(c); pending = next }
                default:
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw SyntaxError(line: line, message: "a quote inside an unquoted field")
                }
                inQuotes = true
                fieldWasQuoted = true
            case delimiter:
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\n", "\r":
                if c == "\r" {
                    let next = iterator.next()
                    if next != "\n" { pending = next }
                }
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw SyntaxError(line: line, message: "text after a closing quote")
                }
                field.append(c)
            }
        }
        if inQuotes { throw SyntaxError(line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// Finnish Excel writes semicolons: a header line with a semicolon and no comma between its
    /// fields (a quoted header may hold either) is read with semicolons.
    static func delimiter(of text: Substring.UnicodeScalarView) -> Unicode.Scalar {
        var inQuotes = false, sawSemicolon = false
        for c in text {
            switch c {
            case "\"": inQuotes.toggle()
            case "," where !inQuotes: return ","
            case ";" where !inQuotes: sawSemicolon = true
            case "\n" where !inQuotes, "\r" where !inQuotes: return sawSemicolon ? ";" : ","
            default: break
            }
        }
        return sawSemicolon ? ";" : ","
    }

    /// Quotes a field when it needs it, so that the output reads back to the same text (a BOM
    /// first in a file is read as the file's byte order mark, so a field starting with one is quoted).
    public static func escape(_ field: String) -> String {
        guard field.unicodeScalars.first == "\u{FEFF}"
                || field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for c in field.unicodeScalars {
            quoted.append(c)
            if c == "\"" { quoted.append(c) }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One record of an export: every cell neutralised against formula injection, then quoted as needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { escape(neutralise($0)) }.joined(separator: ",") + "\n"
    }

    /// Characters with which a spreadsheet starts a formula (OWASP's list, and LF beside CR: a
    /// quoted CR LF reads back as LF), as scalars: "=" with a combining mark is one Character but
    /// still starts a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

    /// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)` typed into a login form and
    /// exported from the audit log) is written with a leading apostrophe, which spreadsheets show
    /// as text. `restore` undoes it when Kaiku reads its own export back; a cell that already
    /// starts with apostrophes before a formula character gets one more, so that it reads back
    /// unchanged too.
    public static func neutralise(_ field: String) -> String {
        guard startsFormula(afterApostrophes: field) else { return field }
        return "'" + field
    }

    public static func restore(_ field: String) -> String {
        guard field.unicodeScalars.first == "'", startsFormula(afterApostrophes: field) else { return field }
        return String(field.unicodeScalars.dropFirst())
    }

    static func startsFormula(afterApostrophes field: String) -> Bool {
        field.unicodeScalars.first { $0 != "'" }.map(formulaStarts.contains) ?? false
    }
}
