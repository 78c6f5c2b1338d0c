import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The county's SMS invitations: a day's plan with the reason for every exclusion, the message
/// texts with their length in characters and SMS parts, the sending window and rate, refusals
/// recorded for callers, and (with the development gateway) the messages it wrote.
struct AdminSMSRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminSMS, .countyAdmin) { request, context, _ in
            try await smsPage(request, context, errors: [])
        }
        staff.post(.adminSMSTexts, .countyAdmin) { request, context, _ in
            let form = context.form
            var drafts: [Language: String] = [:]
            do {
                for language in Language.allCases {
                    let text = form.text("text_" + language.rawValue)
                    drafts[language] = text
                    try await services.smsDispatch.setText(text, language: language, by: services.actor(context))
                }
            } catch let refused as Refused {
                return try await smsPage(request, context, errors: refused.texts(services.catalog, context.language), drafts: drafts,
                                         status: .unprocessableContent)
            }
            return redirect(.adminSMS, msg: "saved")
        }
        staff.post(.adminSMSSettings, .countyAdmin) { request, context, _ in
            let form = context.form
            let policy = SMSPolicy(windowStart: SMSPolicy.minute(form.text("window_start")) ?? -1, windowEnd: SMSPolicy.minute(form.text("window_end")) ?? -1,
                                   perMinute: Int(form.text("per_minute")) ?? 0, recentDays: Int(form.text("recent_days")) ?? -1,
                                   linkDays: Int(form.text("link_days")) ?? 0, retentionDays: Int(form.text("retention_days")) ?? 0)
            do {
                try await services.smsDispatch.setPolicy(policy, by: services.actor(context))
            } catch let refused as Refused {
                return try await smsPage(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminSMS, msg: "saved")
        }
        staff.post(.adminSMSRefusals, .countyAdmin) { request, context, _ in
            do {
                try await services.smsDispatch.refuse(phone: context.form.text("phone"), by: services.actor(context))
            } catch let refused as Refused {
                return try await smsPage(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminSMS, msg: "sms_refusal_saved")
        }
        staff.get(.adminSMSMessages, .countyAdmin) { request, context, _ in
            // Only the development gateway keeps messages; they hold numbers and links, so each view is audited.
            guard services.configuration.smsGateway == nil else { throw AppError.notFound }
            let lines = try await services.auditedReads.smsMessages(FileSMSGateway(file: services.configuration.smsFile), by: services.actor(context)).map {
                SMSMessageRow(at: $0.at, to: $0.to, text: $0.text, length: SMSLengthView(SMSLength($0.text), services, context).label)
            }
            return try services.page(SMSMessagesPage(messages: lines, hasMessages: !lines.isEmpty), title: "sms_messages_title",
                                     request: request, context: context)
        }
    }

    func smsPage(_ request: Request, _ context: AppContext, errors: [String], drafts: [Language: String] = [:],
                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let dispatch = services.smsDispatch
        let policy = try await SMSDispatch.policy(services.database.sql)
        let saved = try await dispatch.texts()
        let today = services.today()
        let day = request.query("date").flatMap(CalendarDay.init) ?? DispatchPlanner.invitationDay(after: today)
        let decisions = try await dispatch.plan(on: day)
        let sampleUnit = services.catalog.text("sms_sample_unit", context.language)
        let texts = Language.allCases.map { language in
            let text = drafts[language] ?? saved[language] ?? ""
            let length = SMSLengthView(SMSLength(SMSTemplate.sample(text, unit: sampleUnit, publicURL: services.publicURL)), services, context)
            return SMSTextField(language: language.rawValue, label: services.catalog.text("language_name_" + language.rawValue, context.language),
                                text: text, length: length.label)
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
            case .send(_, _, let language, _):
                PlanRow(visitID: decision.visitID, decision: services.text("sms_reason_send", context), reason: "",
                        language: services.catalog.text("language_name_" + language.rawValue, context.language))
            case .sent:
                PlanRow(visitID: "", decision: services.text("sms_reason_send", context), reason: "", language: "")
            case .exclude(let reason):
                PlanRow(visitID: decision.visitID, decision: services.text("sms_decision_exclude", context),
                        reason: services.text("sms_reason_" + reason.rawValue, context), language: "")
            }
        }
        let page = AdminSMSPage(
            date: day.description, dateLabel: day.finnish, tally: tallyRows, hasPlan: !decisions.isEmpty, plan: rows,
            planTruncated: decisions.count > rows.count, texts: texts, sampleUnit: sampleUnit,
            linkLength: SMSTemplate.sample("{link}", unit: "", publicURL: services.publicURL).count,
            optOutLength: SMSTemplate.sample("{optout}", unit: "", publicURL: services.publicURL).count,
            windowStart: SMSPolicy.clock(policy.windowStart), windowEnd: SMSPolicy.clock(policy.windowEnd), perMinute: policy.perMinute,
            recentDays: policy.recentDays, linkDays: policy.linkDays, retentionDays: policy.retentionDays,
            refusals: try await SMSRepository(services.database.sql).refusalCount(),
            usesFileGateway: services.configuration.smsGateway == nil, errors: errors, hasErrors: !errors.isEmpty)
        return try services.page(page, title: "sms_title", request: request, context: context, status: status)
    }
}
