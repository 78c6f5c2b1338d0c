import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct AreaRow {
    let href: String
    let name: String
    let nodes: String
    let isActive: Bool
    let promise: String
}

struct UnitCoverage {
    let href: String
    let name: String
    let code: String
    let handlers: Int
}

struct FeedbackAdminPage: PageView {
    static let template = "admin_feedback"
    let areas: [AreaRow]
    let newAreaHref: String
    let thinUnits: [UnitCoverage]
    let thinCount: Int
    let phrases: [PhraseLink]
    let newPhraseHref: String
    let pendingMail: Int
    let promiseDays: String
    let retentionMonths: String
    /// Where objections and complaints go.
    let formalEmail: String
    let formalNode: String
}

struct PhraseForm: PageView {
    static let template = "admin_phrase"
    var id = ""
    var url = ""
    var title = ""
    var bodyFi = "", bodySv = "", bodyEn = ""
    var isActive = true
    var errors: [String] = []
    var hasErrors = false

    init(id: String) { self.id = id }

    init(_ phrase: PhraseRepository.Phrase) {
        id = phrase.id
        title = phrase.title
        bodyFi = phrase.body.fi; bodySv = phrase.body.sv; bodyEn = phrase.body.en
        isActive = phrase.isActive
    }

    init(_ form: FormData) {
        title = form.text("title")
        bodyFi = form.text("body_fi"); bodySv = form.text("body_sv"); bodyEn = form.text("body_en")
        isActive = form["active"] != nil
    }
}

struct AreaForm: PageView {
    static let template = "admin_area"
    var url = ""
    var nameFi = "", nameSv = "", nameEn = ""
    var helpFi = "", helpSv = "", helpEn = ""
    var promiseDays = ""
    var nodeCodes = ""
    var groupCodes = ""
    var isActive = true
    var errors: [String] = []
    var hasErrors = false

    init() {}

    init(_ area: ServiceArea, codes: String, groupCodes: String) {
        nameFi = area.name.fi; nameSv = area.name.sv; nameEn = area.name.en
        helpFi = area.help.fi; helpSv = area.help.sv; helpEn = area.help.en
        promiseDays = area.promiseDays.map(String.init) ?? ""
        nodeCodes = codes
        self.groupCodes = groupCodes
        isActive = area.isActive
    }

    init(_ form: FormData) {
        nameFi = form.text("name_fi"); nameSv = form.text("name_sv"); nameEn = form.text("name_en")
        helpFi = form.text("help_fi"); helpSv = form.text("help_sv"); helpEn = form.text("help_en")
        promiseDays = form.text("promise_days")
        nodeCodes = form.text("nodes")
        groupCodes = form.text("groups")
        isActive = form["active"] != nil
    }
}

struct OutboxRow {
    let created: String
    let recipient: String
    let subject: String
    let body: String
    let sent: String?
    let attempts: Int
    let error: String?
}

struct OutboxPage: PageView {
    static let template = "admin_outbox"
    let messages: [OutboxRow]
    let isEmpty: Bool
}
