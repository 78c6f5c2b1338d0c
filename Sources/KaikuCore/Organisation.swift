import Foundation

/// The levels of a county's organisation, from the top down.
public enum OrgLevel: String, CaseIterable, Sendable, Codable {
    case county
    case division
    case resultArea = "result_area"
    case unit
    case servicePoint = "service_point"

    /// Depth in the tree: a child's level is always deeper than its parent's.
    public var depth: Int {
        switch self {
        case .county: 0
        case .division: 1
        case .resultArea: 2
        case .unit: 3
        case .servicePoint: 4
        }
    }
}

/// One node of the organisation tree as the county describes it: what `org import` reads and
/// `org export` writes. Storage adds an id and the materialised path.
public struct OrgNodeSpec: Sendable, Equatable {
    public var code: String
    public var parentCode: String?
    public var level: OrgLevel
    public var name: LocalizedText
    public var validFrom: CalendarDay?
    public var validTo: CalendarDay?
    /// The national SOTE organisation register OID, when the county gives one.
    public var oid: String?

    public init(code: String, parentCode: String?, level: OrgLevel, name: LocalizedText,
                validFrom: CalendarDay? = nil, validTo: CalendarDay? = nil, oid: String? = nil) {
        self.code = code
        self.parentCode = parentCode
        self.level = level
        self.name = name
        self.validFrom = validFrom
        self.validTo = validTo
        self.oid = oid
    }

    /// Whether the node is in force on the given day.
    public func isActive(on day: CalendarDay) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validTo, validTo < day { return false }
        return true
    }
}

public enum OrgRules {
    /// Codes appear in URLs, CSV files and patient-system integrations, so they are kept plain.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 64 && code.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// An OID is dot-separated numbers, e.g. 1.2.246.10.1234567.10.0.
    public static func isValidOID(_ oid: String) -> Bool {
        let arcs = oid.split(separator: ".", omittingEmptySubsequences: false)
        return arcs.count >= 2 && oid.count <= 128 && arcs.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    public static let maxNameLength = 200
}

/// A stored node: the county's description plus its id and place in the tree.
public struct OrgNode: Sendable, Equatable, Identifiable {
    public let id: String
    public var parentID: String?
    /// "/rootID/…/id/": every ancestor's path is a prefix of it.
    public var path: String
    public var spec: OrgNodeSpec

    public init(id: String, parentID: String?, path: String, spec: OrgNodeSpec) {
        self.id = id
        self.parentID = parentID
        self.path = path
        self.spec = spec
    }

    public var code: String { spec.code }
    public var level: OrgLevel { spec.level }
    public var name: LocalizedText { spec.name }
    public var depth: Int { OrgPath.ids(in: path).count - 1 }
}

extension OrgRules {
    public enum EditProblem: String, Sendable, Error {
        case badCode = "org_error_code"
        case duplicateCode = "org_error_duplicate_code"
        case missingName = "org_error_name"
        case nameTooLong = "org_error_name_long"
        case datesReversed = "org_error_dates"
        case badOID = "org_error_oid"
        case unknownParent = "org_error_parent"
        case levelOrder = "org_error_level_order"
        case rootNotCounty = "org_error_root"
        case childLevelOrder = "org_error_child_level"
        case parentIsDescendant = "org_error_cycle"
    }

    /// Checks one node edited by hand against its (new) parent and its children.
    public static func check(_ spec: OrgNodeSpec, parent: OrgNode?, childLevels: [OrgLevel]) -> [EditProblem] {
        var problems: [EditProblem] = []
        if !isValidCode(spec.code) { problems.append(.badCode) }
        if spec.name.fi.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.missingName) }
        if [spec.name.fi, spec.name.sv, spec.name.en].contains(where: { $0.count > maxNameLength }) { problems.append(.nameTooLong) }
        if let from = spec.validFrom, let to = spec.validTo, to < from { problems.append(.datesReversed) }
        if let oid = spec.oid, !isValidOID(oid) { problems.append(.badOID) }
        if let parent {
            if parent.level.depth >= spec.level.depth { problems.append(.levelOrder) }
        } else if spec.level != .county {
            problems.append(.rootNotCounty)
        }
        if childLevels.contains(where: { $0.depth <= spec.level.depth }) { problems.append(.childLevelOrder) }
        return problems
    }
}

extension OrgNodeSpec {
    /// The fields that differ, for the audit log: "name_fi: A → B; valid_to:  → 2026-12-31".
    public static func describeChange(from old: OrgNodeSpec, to new: OrgNodeSpec) -> String {
        var changes: [String] = []
        func compare(_ name: String, _ a: String?, _ b: String?) {
            if (a ?? "") != (b ?? "") { changes.append("\(name): \(a ?? "") → \(b ?? "")") }
        }
        compare("code", old.code, new.code)
        compare("parent", old.parentCode, new.parentCode)
        compare("level", old.level.rawValue, new.level.rawValue)
        compare("name_fi", old.name.fi, new.name.fi)
        compare("name_sv", old.name.sv, new.name.sv)
        compare("name_en", old.name.en, new.name.en)
        compare("valid_from", old.validFrom?.description, new.validFrom?.description)
        compare("valid_to", old.validTo?.description, new.validTo?.description)
        compare("oid", old.oid, new.oid)
        return changes.joined(separator: "; ")
    }
}
