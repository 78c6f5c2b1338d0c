import Foundation

/// Reading and checking an organisation CSV file. Nothing here touches storage: a file is either
/// accepted whole, as a list of nodes, or refused with every problem found, by line.
public enum OrgImport {
    public static let columns = ["code", "parent_code", "level", "name_fi", "name_sv", "name_en", "valid_from", "valid_to", "oid"]

    /// The whole tree in the import format: what `org export` writes and `org import` reads back.
    public static func csv(_ nodes: [OrgNodeSpec]) -> String {
        nodes.reduce(CSV.line(columns)) { text, s in
            text + CSV.line([s.code, s.parentCode ?? "", s.level.rawValue, s.name.fi, s.name.sv, s.name.en,
                             s.validFrom?.description ?? "", s.validTo?.description ?? "", s.oid ?? ""])
        }
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            case syntax, missingColumn, fieldCount, badCode, duplicateCode, badLevel, missingName
            case nameTooLong, badDate, datesReversed, badOID, unknownParent, rootNotCounty
            case countyHasParent, levelOrder, cycle, empty
        }
        public let line: Int
        public let kind: Kind
        /// The offending value or a short detail, shown to the user next to the message.
        public let detail: String

        public init(line: Int, kind: Kind, detail: String = "") {
            self.line = line
            self.kind = kind
            self.detail = detail
        }

        public var description: String {
            let text: String = switch kind {
            case .syntax: "CSV syntax error"
            case .missingColumn: "missing column"
            case .fieldCount: "wrong number of fields"
            case .badCode: "invalid code (letters, digits, - _ . up to 64)"
            case .duplicateCode: "duplicate code"
            case .badLevel: "unknown level (county, division, result_area, unit, service_point)"
            case .missingName: "name_fi is required"
            case .nameTooLong: "name longer than \(OrgRules.maxNameLength) characters"
            case .badDate: "invalid date (YYYY-MM-DD)"
            case .datesReversed: "valid_to is before valid_from"
            case .badOID: "invalid OID"
            case .unknownParent: "unknown parent code"
            case .rootNotCounty: "only a county may be without a parent"
            case .countyHasParent: "a county cannot have a parent"
            case .levelOrder: "level out of order: a node must be below its parent's level"
            case .cycle: "parent chain forms a cycle"
            case .empty: "the file has no rows"
            }
            return "line \(line): \(text)" + (detail.isEmpty ? "" : ": \(detail)")
        }
    }

    /// The whole list of problems: a file with any of them changes nothing.
    public struct Failure: Error, Sendable, Equatable {
        public let problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems }
    }

    public struct Row: Sendable, Equatable {
        public let line: Int
        public let node: OrgNodeSpec
    }

    /// Parses and validates a whole file.
    public static func read(_ text: String) -> Result<[Row], Failure> {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch {
            return .failure(Failure([Problem(line: error.line, kind: .syntax, detail: error.message)]))
        }
        guard let header = records.first else { return .failure(Failure([Problem(line: 1, kind: .empty)])) }
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            index[name.trimmingCharacters(in: .whitespaces).lowercased()] = i
        }
        let missing = columns.filter { index[$0] == nil }
        if !missing.isEmpty {
            return .failure(Failure(missing.map { Problem(line: header.line, kind: .missingColumn, detail: $0) }))
        }
        if records.count == 1 { return .failure(Failure([Problem(line: header.line, kind: .empty)])) }

        var problems: [Problem] = []
        var rows: [Row] = []
        var treeRows: [Row] = []
        var firstLineOfCode: [String: Int] = [:]
        var levelOfCode: [String: OrgLevel] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                problems.append(Problem(line: record.line, kind: .fieldCount,
                                        detail: "\(record.fields.count) instead of \(header.fields.count)"))
                continue
            }
            func field(_ name: String) -> String {
                CSV.restore(record.fields[index[name]!]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var rowProblems: [Problem] = []
            let code = field("code")
            if !OrgRules.isValidCode(code) {
                rowProblems.append(Problem(line: record.line, kind: .badCode, detail: code))
            } else if let first = firstLineOfCode[code] {
                rowProblems.append(Problem(line: record.line, kind: .duplicateCode, detail: "\(code) (line \(first))"))
            } else {
                firstLineOfCode[code] = record.line
            }
            let level = OrgLevel(rawValue: field("level"))
            if let level, levelOfCode[code] == nil { levelOfCode[code] = level }
            if level == nil { rowProblems.append(Problem(line: record.line, kind: .badLevel, detail: field("level"))) }
            let name = LocalizedText(fi: field("name_fi"), sv: field("name_sv"), en: field("name_en"))
            if name.fi.isEmpty { rowProblems.append(Problem(line: record.line, kind: .missingName)) }
            for text in [name.fi, name.sv, name.en] where text.count > OrgRules.maxNameLength {
                rowProblems.append(Problem(line: record.line, kind: .nameTooLong, detail: String(text.prefix(40)) + "…"))
            }
            func day(_ column: String) -> CalendarDay? {
                let text = field(column)
                if text.isEmpty { return nil }
                guard let day = CalendarDay(text) else {
                    rowProblems.append(Problem(line: record.line, kind: .badDate, detail: "\(column) \(text)"))
                    return nil
                }
                return day
            }
            let validFrom = day("valid_from")
            let validTo = day("valid_to")
            if let validFrom, let validTo, validTo < validFrom {
                rowProblems.append(Problem(line: record.line, kind: .datesReversed, detail: "\(validFrom) > \(validTo)"))
            }
            let oid = field("oid")
            if !oid.isEmpty && !OrgRules.isValidOID(oid) {
                rowProblems.append(Problem(line: record.line, kind: .badOID, detail: oid))
            }
            problems += rowProblems
            if let level, OrgRules.isValidCode(code), firstLineOfCode[code] == record.line {
                let parent = field("parent_code")
                let row = Row(line: record.line, node: OrgNodeSpec(
                    code: code, parentCode: parent.isEmpty ? nil : parent, level: level, name: name,
                    validFrom: validFrom, validTo: validTo, oid: oid.isEmpty ? nil : oid))
                // A row with other problems still takes part in the tree checks, so that every
                // problem of the file is listed at once.
                treeRows.append(row)
                if rowProblems.isEmpty { rows.append(row) }
            }
        }
        problems += treeProblems(treeRows, levels: levelOfCode)
        if !problems.isEmpty { return .failure(Failure(problems.sorted { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) })) }
        return .success(rows)
    }

    /// Parent links: every parent exists, levels descend, no cycles.
    /// `levels` includes rows that had other problems, so that one bad row does not hide its
    /// children's level errors or make them all report an unknown parent.
    static func treeProblems(_ rows: [Row], levels: [String: OrgLevel]) -> [Problem] {
        var problems: [Problem] = []
        let byCode = Dictionary(rows.map { ($0.node.code, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let node = row.node
            guard let parentCode = node.parentCode else {
                if node.level != .county { problems.append(Problem(line: row.line, kind: .rootNotCounty, detail: node.code)) }
                continue
            }
            if node.level == .county {
                problems.append(Problem(line: row.line, kind: .countyHasParent, detail: parentCode))
                continue
            }
            guard let parentLevel = levels[parentCode] else {
                problems.append(Problem(line: row.line, kind: .unknownParent, detail: parentCode))
                continue
            }
            if parentLevel.depth >= node.level.depth {
                problems.append(Problem(line: row.line, kind: .levelOrder,
                                        detail: "\(node.level.rawValue) under \(parentLevel.rawValue)"))
            }
        }
        // A walk up from each node either reaches a root or comes back to where it has been. It
        // stops at a node an earlier walk settled, so that each node is walked once: a chain as
        // long as the file would otherwise be walked from every row.
        var settled = Set<String>()
        for row in rows where !settled.contains(row.node.code) {
            var seen: [String] = []
            var position: [String: Int] = [:]
            var current: String? = row.node.code
            while let code = current, !settled.contains(code), let next = byCode[code] {
                if let start = position[code] {
                    let loop = Array(seen[start...])
                    let line = loop.compactMap { byCode[$0]?.line }.min() ?? row.line
                    problems.append(Problem(line: line, kind: .cycle, detail: (loop + [code]).joined(separator: " → ")))
                    break
                }
                position[code] = seen.count
                seen.append(code)
                current = next.node.parentCode
            }
            settled.formUnion(seen)
        }
        return problems
    }
}

/// What an import changes, worked out before anything is written.
public struct OrgSyncPlan: Sendable, Equatable {
    public var creates: [OrgNodeSpec] = []
    public var updates: [OrgNodeSpec] = []
    /// Nodes missing from the file that are still open: closed, never deleted.
    public var closes: [(code: String, validTo: CalendarDay)] = []
    public var unchanged = 0

    public var isEmpty: Bool { creates.isEmpty && updates.isEmpty && closes.isEmpty }

    public static func == (lhs: OrgSyncPlan, rhs: OrgSyncPlan) -> Bool {
        lhs.creates == rhs.creates && lhs.updates == rhs.updates && lhs.unchanged == rhs.unchanged
            && lhs.closes.map(\.code) == rhs.closes.map(\.code) && lhs.closes.map(\.validTo) == rhs.closes.map(\.validTo)
    }

    /// Creates must be applied in this order (parents first); `incoming` is expected in file
    /// order, which already has parents first only by convention, so it is sorted by depth here.
    public static func make(existing: [OrgNodeSpec], incoming: [OrgNodeSpec], today: CalendarDay) -> OrgSyncPlan {
        var plan = OrgSyncPlan()
        let existingByCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let incomingCodes = Set(incoming.map(\.code))
        for node in incoming.sorted(by: { $0.level.depth < $1.level.depth }) {
            if let old = existingByCode[node.code] {
                if old == node { plan.unchanged += 1 } else { plan.updates.append(node) }
            } else {
                plan.creates.append(node)
            }
        }
        let yesterday = today.adding(days: -1)
        for node in existing where !incomingCodes.contains(node.code) {
            if let validTo = node.validTo, validTo <= yesterday {
                plan.unchanged += 1
            } else {
                plan.closes.append((node.code, max(yesterday, node.validFrom ?? yesterday)))
            }
        }
        plan.closes.sort { $0.code < $1.code }
        return plan
    }
}
