import Foundation

/// Reads the visits file (`kaiku visits import`, `kaiku dispatch plan`): UTF-8 CSV with a header
/// row naming the columns (in any order), RFC 4180 quoting, phones separated by `;`, dates
/// YYYY-MM-DD, timestamps ISO 8601 with an offset, booleans true/false. One pass over the bytes:
/// a national day is a quarter of a million rows. A bad row is reported with its line and field
/// and does not stop the others.
public enum VisitFile {
    public static let columns = ["visit_id", "person_ref", "phone", "birth_date", "language", "service_point_code", "contact_type",
                                 "call_type", "visit_start", "visit_end", "e_service_consent", "non_disclosure", "sms_opt_out"]

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let field: String
        public let message: String
        public var description: String { "line \(line), \(field): \(message)" }

        public init(line: Int, field: String, message: String) {
            self.line = line
            self.field = field
            self.message = message
        }
    }

    public struct Result: Sendable {
        public var visits: [Visit] = []
        /// The line each visit came from, in the same order.
        public var lines: [Int] = []
        public var problems: [Problem] = []

        public init(visits: [Visit] = [], lines: [Int] = [], problems: [Problem] = []) {
            self.visits = visits
            self.lines = lines
            self.problems = problems
        }
    }

    /// Longest text accepted in an identifier column.
    static let maxIdentifier = 100

    /// Where each column is in the file's rows.
    struct Layout: Sendable {
        let width: Int
        let at: [Int]
    }

    public static func read(_ bytes: [UInt8]) -> Result {
        var scanner = CSVByteScanner(bytes)
        switch layout(&scanner) {
        case .failure(let problem): return Result(problems: [problem])
        case .success(let layout): return rows(&scanner, layout)
        }
    }

    /// The same, the rows in two halves on two cores when no field is quoted (a quoted field
    /// may hold a line break, so only then is any line end a row's end).
    public static func readInParallel(_ bytes: [UInt8]) async -> Result {
        var scanner = CSVByteScanner(bytes)
        let layout: Layout
        switch Self.layout(&scanner) {
        case .failure(let problem): return Result(problems: [problem])
        case .success(let found): layout = found
        }
        let start = scanner.position, firstLine = scanner.line
        let middle = start + (bytes.count - start) / 2
        guard bytes.count - start > 1 << 20, firstByte(34, in: bytes, from: start) == nil,
              let lineEnd = firstByte(10, in: bytes, from: middle) else {
            return rows(&scanner, layout)
        }
        let split = lineEnd + 1
        async let first: (Result, Int) = {
            var part = CSVByteScanner(bytes, from: start, to: split, line: firstLine)
            return (rows(&part, layout), part.line)
        }()
        async let second: Result = {
            var part = CSVByteScanner(bytes, from: split, to: bytes.count, line: 1)
            return rows(&part, layout)
        }()
        var (result, nextLine) = await first
        let rest = await second
        // The second half counted its lines from 1: they follow the first half's.
        let shift = nextLine - 1
        result.visits += rest.visits
        result.lines += rest.lines.map { $0 + shift }
        result.problems += rest.problems.map { Problem(line: $0.line + shift, field: $0.field, message: $0.message) }
        return result
    }

    /// The index of the first `byte` at or after `start` (memchr: a whole file in milliseconds).
    static func firstByte(_ byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count,
                  let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    static func layout(_ scanner: inout CSVByteScanner) -> Swift.Result<Layout, Problem> {
        var fields: [Range<Int>] = [], escaped: [UInt8] = []
        guard scanner.nextRow(into: &fields, escaped: &escaped) != nil else {
            return .failure(Problem(line: 1, field: "header", message: "the file is empty"))
        }
        let names = fields.map { range in
            String(decoding: range.lowerBound < scanner.bytes.count ? scanner.bytes[range] : escaped[range.shifted(by: -scanner.bytes.count)],
                   as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name] = i }
        let missing = columns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            return .failure(Problem(line: 1, field: "header", message: "missing column(s): " + missing.joined(separator: ", ")))
        }
        return .success(Layout(width: names.count, at: columns.map { index[$0]! }))
    }

    static func rows(_ scanner: inout CSVByteScanner, _ layout: Layout) -> Result {
        var result = Result()
        result.visits.reserveCapacity((scanner.end - scanner.position) / 150)
        var fields: [Range<Int>] = [], escaped: [UInt8] = []
        scanner.bytes.withUnsafeBufferPointer { bytes in
            while let line = scanner.nextRow(into: &fields, escaped: &escaped) {
                if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
                escaped.withUnsafeBufferPointer { escaped in
                    parse(Fields(ranges: fields, bytes: bytes, escaped: escaped), line: line, layout, into: &result)
                }
            }
        }
        return result
    }

    /// A row's fields as ranges of the file's bytes, or (a field that had escaped quotes) past
    /// their end, of the row's unescaped copies. Pointers, not array slices: a slice retains its
    /// array, and a million rows of a dozen fields spent a fifth of the reading in reference counting.
    struct Fields {
        let ranges: [Range<Int>]
        let bytes: UnsafeBufferPointer<UInt8>
        let escaped: UnsafeBufferPointer<UInt8>

        var count: Int { ranges.count }

        subscript(index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
            let range = ranges[index]
            return range.lowerBound < bytes.count ? bytes[range] : escaped[range.shifted(by: -bytes.count)]
        }
    }

    /// One row's fields (in the layout's order) as a visit, or its problems, added to `result`.
    /// The JSON records of `POST /api/v1/visits` come through here too, a record's number as its line.
    static func parse(_ fields: Fields, line: Int, _ layout: Layout, into result: inout Result) {
        let at = layout.at
        let row = (fields: fields, line: line)
        var problems: [Problem] = []
        func field(_ column: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
            at[column] < row.fields.count ? row.fields[at[column]] : fields.bytes[0..<0]
        }
        func text(_ column: Int, required: Bool = true) -> String {
            let raw = field(column)
            if raw.isEmpty {
                if required { problems.append(Problem(line: row.line, field: columns[column], message: "is required")) }
                return ""
            }
            if raw.count > maxIdentifier {
                problems.append(Problem(line: row.line, field: columns[column], message: "is longer than \(maxIdentifier) characters"))
            }
            return String(decoding: raw, as: UTF8.self)
        }
        func flag(_ column: Int) -> Bool {
            switch Self.bool(field(column)) {
            case .some(let value): return value
            case .none:
                problems.append(Problem(line: row.line, field: columns[column], message: "must be true or false"))
                return false
            }
        }
        func instant(_ column: Int) -> Date {
            guard let date = Self.timestamp(field(column)) else {
                problems.append(Problem(line: row.line, field: columns[column], message: "must be an ISO 8601 time with an offset, e.g. 2026-11-23T14:05:00+02:00"))
                return .distantPast
            }
            return date
        }
        if row.fields.count != layout.width {
            problems.append(Problem(line: row.line, field: "row", message: "has \(row.fields.count) fields, the header \(layout.width)"))
        }
        let visitID = text(0), personRef = text(1)
        let phones = field(2).split(separator: UInt8(ascii: ";")).compactMap { part -> String? in
            let trimmed = part.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
        var birthDate: CalendarDay?
        if !field(3).isEmpty {
            birthDate = Self.day(field(3))
            if birthDate == nil { problems.append(Problem(line: row.line, field: "birth_date", message: "must be a date YYYY-MM-DD")) }
        }
        let language = text(4, required: false).lowercased()
        if language.utf8.count > 3 || !language.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) {
            problems.append(Problem(line: row.line, field: "language", message: "must be a language code such as fi, sv or en"))
        }
        let servicePoint = text(5)
        let contactText = text(6, required: false)
        let contactType = ContactType(rawValue: contactText)
        if !contactText.isEmpty && contactType == nil {
            problems.append(Problem(line: row.line, field: "contact_type", message: "unknown code \(contactText) (visit, phone, remote, home_visit)"))
        }
        let callText = text(7, required: false)
        let callType = CallType(rawValue: callText)
        if !callText.isEmpty && callType == nil {
            problems.append(Problem(line: row.line, field: "call_type", message: "unknown code \(callText) (direct, callback)"))
        }
        let start = instant(8), end = instant(9)
        if start > end && end != .distantPast {
            problems.append(Problem(line: row.line, field: "visit_end", message: "is before visit_start"))
        }
        let consent = flag(10), nonDisclosure = flag(11), optOut = flag(12)
        guard problems.isEmpty else {
            result.problems += problems
            return
        }
        result.visits.append(Visit(visitID: visitID, personRef: personRef, phones: phones, birthDate: birthDate, language: language,
                                   servicePointCode: servicePoint, contactType: contactType, callType: callType, start: start, end: end,
                                   eServiceConsent: consent, nonDisclosure: nonDisclosure, smsOptOut: optOut))
        result.lines.append(row.line)
    }

    /// A value of a JSON visit record.
    public enum Value: Decodable, Sendable, Equatable {
        case text(String), flag(Bool), list([String]), null, other

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
            else if let text = try? container.decode(String.self) { self = .text(text) }
            else if let list = try? container.decode([String].self) { self = .list(list) }
            else { self = .other }
        }
    }

    /// Records as JSON objects with the file's column names as keys (`phone` may also be a list of
    /// numbers, the booleans JSON booleans); each record's number (from 1) stands for its line.
    public static func read(records: [[String: Value]]) -> Result {
        var result = Result()
        let layout = Layout(width: columns.count, at: Array(columns.indices))
        for (index, record) in records.enumerated() {
            var bytes: [UInt8] = [], ranges: [Range<Int>] = []
            var problems: [Problem] = []
            for name in columns {
                let start = bytes.count
                switch record[name] ?? .null {
                case .null: break
                case .text(let text): bytes += text.utf8
                case .list(let list) where name == "phone": bytes += list.joined(separator: ";").utf8
                case .flag(let flag): bytes += (flag ? "true" : "false").utf8
                default: problems.append(Problem(line: index + 1, field: name, message: "must be a string"))
                }
                ranges.append(start..<bytes.count)
            }
            let unknown = record.keys.filter { !columns.contains($0) }.sorted()
            if !unknown.isEmpty { problems.append(Problem(line: index + 1, field: unknown[0], message: "is not a visit field")) }
            guard problems.isEmpty else {
                result.problems += problems
                continue
            }
            bytes.withUnsafeBufferPointer { buffer in
                parse(Fields(ranges: ranges, bytes: buffer, escaped: UnsafeBufferPointer(start: nil, count: 0)), line: index + 1, layout, into: &result)
            }
        }
        return result
    }

    static func bool<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            bytes.count == word.utf8CodeUnitCount && zip(bytes, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
                .allSatisfy { $0 | 0x20 == $1 }
        }
        return matches("true") ? true : matches("false") ? false : nil
    }

    static func digits<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ from: Int, _ count: Int) -> Int? where Bytes.Index == Int {
        let start = bytes.startIndex + from
        guard start + count <= bytes.endIndex else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// Exactly YYYY-MM-DD.
    static func day<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> CalendarDay? where Bytes.Index == Int {
        guard bytes.count == 10, bytes[bytes.startIndex + 4] == UInt8(ascii: "-"), bytes[bytes.startIndex + 7] == UInt8(ascii: "-"),
              let y = digits(bytes, 0, 4), let m = digits(bytes, 5, 2), let d = digits(bytes, 8, 2) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or ±HH:MM (or ±HHMM).
    public static func timestamp<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Date? where Bytes.Index == Int {
        guard bytes.count >= 17, let day = day(bytes.prefix(10)) else { return nil }
        let b = bytes.startIndex
        guard bytes[b + 10] == UInt8(ascii: "T") || bytes[b + 10] == UInt8(ascii: " "), bytes[b + 13] == UInt8(ascii: ":"),
              let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), hour < 24, minute < 60 else { return nil }
        var i = b + 16
        var second = 0.0
        if i < bytes.endIndex && bytes[i] == UInt8(ascii: ":") {
            guard let s = digits(bytes, 17, 2), s < 60 else { return nil }
            second = Double(s)
            i = b + 19
            if i < bytes.endIndex && bytes[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                while i < bytes.endIndex, bytes[i] >= 48, bytes[i] <= 57 {
                    second += Double(bytes[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        guard i < bytes.endIndex else { return nil }
        var offset = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == bytes.endIndex else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            let rest = bytes[(i + 1)...]
            let compact = rest.count == 4
            guard rest.count == 5 || compact, let h = digits(rest, 0, 2), let m = digits(rest, compact ? 2 : 3, 2), h <= 14, m < 60,
                  compact || rest[rest.startIndex + 2] == UInt8(ascii: ":") else { return nil }
            offset = sign * (h * 3_600 + m * 60)
        default:
            return nil
        }
        let seconds = Double(day.ordinal * 86_400 + hour * 3_600 + minute * 60 - offset) + second
        return Date(timeIntervalSince1970: seconds)
    }
}
