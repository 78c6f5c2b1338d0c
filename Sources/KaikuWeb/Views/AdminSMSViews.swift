import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// "123 characters, 1 SMS (GSM-7)".
struct SMSLengthView {
    let label: String

    init(_ length: SMSLength, _ services: AppServices, _ context: AppContext) {
        label = services.catalog.format("sms_length", context.language,
                                        ["characters": String(length.units), "parts": String(length.segments), "encoding": length.encoding.rawValue])
    }
}

struct SMSTextField {
    let language: String
    let label: String
    let text: String
    let length: String
    /// The length with the county's name, as sent for a unit that may not be named.
    let neutralLength: String
    let county: String
}

/// A node invitations do not name by default, or that the admin decided on.
struct SMSNamingRow {
    let code: String
    let name: String
    let named: String
    let reason: String
}

struct TallyRow {
    let label: String
    let count: Int
}

struct PlanRow {
    let visitID: String
    let decision: String
    let reason: String
    let language: String
}

struct AdminSMSPage: PageView {
    static let template = "admin_sms"
    let date: String
    let dateLabel: String
    let tally: [TallyRow]
    let hasPlan: Bool
    let plan: [PlanRow]
    let planTruncated: Bool
    let texts: [SMSTextField]
    let naming: [SMSNamingRow]
    let hasNaming: Bool
    /// What the script counts for `{unit}`, `{link}` and `{optout}` while the admin types.
    let sampleUnit: String
    let linkLength: Int
    let optOutLength: Int
    let windowStart: String
    let windowEnd: String
    let perMinute: Int
    let recentDays: Int
    let linkDays: Int
    let retentionDays: Int
    let replyAnswers: Bool
    let refusals: Int
    let usesFileGateway: Bool
    let errors: [String]
    let hasErrors: Bool
}

struct SMSMessageRow {
    /// Helsinki time, as the sending window is.
    let at: String
    let to: String
    /// The text escaped, its links as links (the log is for trying them).
    let textHTML: String
    let length: String

    init(_ line: FileSMSGateway.Line, services: AppServices, context: AppContext) {
        at = Timestamp.parse(line.at).map(CaseRoutes.formatTime) ?? line.at
        to = line.to
        textHTML = Self.linked(line.text)
        length = SMSLengthView(SMSLength(line.text), services, context).label
    }

    static func linked(_ text: String) -> String {
        var html = ""
        var rest = Substring(text)
        while let start = rest.range(of: "https://") ?? rest.range(of: "http://") {
            html += Markup.escape(String(rest[..<start.lowerBound]))
            let end = rest[start.lowerBound...].firstIndex { $0.isWhitespace } ?? rest.endIndex
            let url = Markup.escape(String(rest[start.lowerBound..<end]))
            html += "<a href=\"\(url)\">\(url)</a>"
            rest = rest[end...]
        }
        return html + Markup.escape(String(rest))
    }
}

struct SMSMessagesPage: PageView {
    static let template = "admin_sms_messages"
    let messages: [SMSMessageRow]
    let hasMessages: Bool
}

extension AdminSMSPage {
    init(_ overview: SMSDispatch.Overview, day: CalendarDay, drafts: [Language: String], errors: [String], services: AppServices, context: AppContext) {
        let (policy, decisions, language) = (overview.policy, overview.decisions, context.language)
        let sampleUnit = services.catalog.text("sms_sample_unit", language)
        let texts = Language.shipped.map { textLanguage in
            let text = drafts[textLanguage] ?? overview.texts[textLanguage] ?? ""
            func length(_ unit: String) -> String {
                SMSLengthView(SMSLength(SMSTemplate.sample(text, unit: unit, linkBase: overview.linkBase)), services, context).label
            }
            let county = overview.countyName[textLanguage]
            return SMSTextField(language: textLanguage.rawValue, label: services.catalog.text("language_name_" + textLanguage.rawValue, language),
                                text: text, length: length(sampleUnit), neutralLength: length(county), county: county)
        }
        let naming = overview.naming.map { unit in
            SMSNamingRow(code: unit.node.code, name: unit.node.name[language],
                         named: services.text((unit.choice ?? unit.byDefault) ? "sms_naming_named" : "sms_naming_neutral", context),
                         reason: services.text(unit.choice == nil ? "sms_naming_sensitive" : "sms_naming_chosen", context))
        }
        var tally: [String: Int] = [:]
        for decision in decisions {
            switch decision.outcome {
            case .send, .sent: tally["send", default: 0] += 1
            case .exclude(let reason): tally[reason.rawValue, default: 0] += 1
            }
        }
        let tallyRows = (["send"] + ExclusionReason.allCases.map(\.rawValue)).compactMap { key in
            tally[key].map { TallyRow(label: services.text("sms_reason_" + key, context), count: $0) }
        }
        let rows = decisions.prefix(500).map { decision -> PlanRow in
            switch decision.outcome {
            case .send(_, _, let chosen, _):
                PlanRow(visitID: decision.visitID, decision: services.text("sms_reason_send", context), reason: "",
                        language: services.catalog.text("language_name_" + chosen.rawValue, language))
            case .sent:
                PlanRow(visitID: "", decision: services.text("sms_reason_send", context), reason: "", language: "")
            case .exclude(let reason):
                PlanRow(visitID: decision.visitID, decision: services.text("sms_decision_exclude", context),
                        reason: services.text("sms_reason_" + reason.rawValue, context), language: "")
            }
        }
        self.init(
            date: day.description, dateLabel: day.finnish, tally: tallyRows, hasPlan: !decisions.isEmpty, plan: rows,
            planTruncated: decisions.count > rows.count, texts: texts, naming: naming, hasNaming: !naming.isEmpty, sampleUnit: sampleUnit,
            linkLength: SMSTemplate.sample("{link}", unit: "", linkBase: overview.linkBase).count,
            optOutLength: SMSTemplate.sample("{optout}", unit: "", linkBase: overview.linkBase).count,
            windowStart: SMSPolicy.clock(policy.windowStart), windowEnd: SMSPolicy.clock(policy.windowEnd), perMinute: policy.perMinute,
            recentDays: policy.recentDays, linkDays: policy.linkDays, retentionDays: policy.retentionDays,
            replyAnswers: policy.replyAnswers == 1,
            refusals: overview.refusals, usesFileGateway: services.configuration.smsGateway == nil, errors: errors, hasErrors: !errors.isEmpty)
    }
}
