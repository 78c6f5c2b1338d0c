import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct OrgIndexPage: PageView {
    static let template = "admin_org"
    var query: String
    var trees: [OrgTreeView] = []
    var results: [NodeView] = []
    var searched = false
    var noResults = false
}

struct OrgTreeView {
    let node: NodeView
    let children: [NodeView]
}

struct LevelOption {
    let value: String
    let label: String
    let selected: Bool
}

struct OrgNodePage: PageView {
    static let template = "admin_org_node"
    let form: OrgNodeForm
    let errors: [String]
    let node: NodeView?
    let ancestors: [NodeView]
    let children: [NodeView]
    let levels: [LevelOption]
    let canAddChild: Bool
    let hasErrors: Bool
    let action: String
}

/// The edit form's fields as typed, so a refused form comes back as the person left it.
struct OrgNodeForm {
    var isNew = false
    var code = ""
    var parentCode = ""
    var level = ""
    var nameFi = ""
    var nameSv = ""
    var nameEn = ""
    var validFrom = ""
    var validTo = ""
    var oid = ""

    init(isNew: Bool, parentCode: String, level: String) {
        self.isNew = isNew
        self.parentCode = parentCode
        self.level = level
    }

    init(_ node: OrgNode) {
        code = node.code
        parentCode = node.spec.parentCode ?? ""
        level = node.level.rawValue
        nameFi = node.name.fi
        nameSv = node.name.sv
        nameEn = node.name.en
        validFrom = node.spec.validFrom?.description ?? ""
        validTo = node.spec.validTo?.description ?? ""
        oid = node.spec.oid ?? ""
    }

    init(_ form: FormData) {
        code = form.text("code")
        parentCode = form.text("parent_code")
        level = form.text("level")
        nameFi = form.text("name_fi")
        nameSv = form.text("name_sv")
        nameEn = form.text("name_en")
        validFrom = form.text("valid_from")
        validTo = form.text("valid_to")
        oid = form.text("oid")
    }

    func spec(errors: inout [String], services: AppServices, language: Language) -> OrgNodeSpec? {
        let level = OrgLevel(rawValue: level)
        if level == nil { errors.append(services.catalog.text("org_error_level", language)) }
        func day(_ text: String) -> CalendarDay? {
            guard !text.isEmpty else { return nil }
            guard let day = CalendarDay(text) else {
                errors.append(services.catalog.format("org_error_date", language, ["value": text]))
                return nil
            }
            return day
        }
        let from = day(validFrom)
        let to = day(validTo)
        guard let level else { return nil }
        return OrgNodeSpec(code: code, parentCode: parentCode.isEmpty ? nil : parentCode, level: level,
                           name: LocalizedText(fi: nameFi, sv: nameSv, en: nameEn), validFrom: from, validTo: to,
                           oid: oid.isEmpty ? nil : oid)
    }
}

struct OrgImportPage: PageView {
    static let template = "admin_org_import"
    var errors: [String] = []
    var problems: [ImportProblemView] = []
    var result: ImportResultView?
    var hasProblems: Bool

    init(errors: [String] = [], problems: [ImportProblemView] = [], result: ImportResultView? = nil) {
        self.errors = errors
        self.problems = problems
        self.result = result
        self.hasProblems = !problems.isEmpty
    }
}

struct ImportProblemView {
    let line: Int
    let message: String
    let detail: String
}

struct ImportResultView {
    let dryRun: Bool
    let created: [String]
    let updated: [String]
    let closed: [String]
    let unchanged: Int
    let createdCount: Int
    let updatedCount: Int
    let closedCount: Int

    init(_ plan: OrgSyncPlan, dryRun: Bool) {
        self.dryRun = dryRun
        created = plan.creates.map { "\($0.code) \($0.name.fi)" }
        updated = plan.updates.map { "\($0.code) \($0.name.fi)" }
        closed = plan.closes.map { "\($0.code) (\($0.validTo))" }
        unchanged = plan.unchanged
        createdCount = created.count
        updatedCount = updated.count
        closedCount = closed.count
    }
}
