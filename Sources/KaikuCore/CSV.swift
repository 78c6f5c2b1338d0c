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

    public static func parse(_ text: String) throws(SyntaxError) -> [CSVRecord] {
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = (!firstLine.contains(",") && firstLine.contains(";")) ? ";" : ","

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            // A record that is one empty field is a blank line; skip it.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c == "\r\n" ? "\n" : c)
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
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n", "\r":
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

    /// Quotes a field when it needs it, so that the output reads back to the same text.
    public static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// One record of an export: every cell neutralised against formula injection, then quoted as needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { escape(neutralise($0)) }.joined(separator: ",") + "\n"
    }

    /// Characters with which a spreadsheet starts a formula (OWASP's list).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)` typed into a login form and
    /// exported from the audit log) is written with a leading apostrophe, which spreadsheets show
    /// as text. `restore` undoes it when Kaiku reads its own export back.
    public static func neutralise(_ field: String) -> String {
        guard let first = field.first, formulaStarts.contains(first) else { return field }
        return "'" + field
    }

    public static func restore(_ field: String) -> String {
        guard field.hasPrefix("'"), let second = field.dropFirst().first, formulaStarts.contains(second) else { return field }
        return String(field.dropFirst())
    }
}
