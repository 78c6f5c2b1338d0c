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
                for language in Language.shipped {
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
        staff.post(.adminSMSNaming, .countyAdmin) { request, context, _ in
            let form = context.form
            let choice: Bool? = switch form.text("naming") {
            case "named": true
            case "neutral": false
            default: nil
            }
            do {
                try await services.smsDispatch.setUnitNaming(code: form.text("unit"), namesUnit: choice, by: services.actor(context))
            } catch let refused as Refused {
                return try await smsPage(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return redirect(.adminSMS, msg: "saved")
        }
        staff.post(.adminSMSSettings, .countyAdmin) { request, context, _ in
            let form = context.form
            let policy = SMSPolicy(windowStart: SMSPolicy.minute(form.text("window_start")) ?? -1, windowEnd: SMSPolicy.minute(form.text("window_end")) ?? -1,
                                   perMinute: Int(form.text("per_minute")) ?? 0, recentDays: Int(form.text("recent_days")) ?? -1,
                                   linkDays: Int(form.text("link_days")) ?? 0, retentionDays: Int(form.text("retention_days")) ?? 0,
                                   replyAnswers: form.text("reply_answers") == "1" ? 1 : 0)
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
                SMSMessageRow($0, services: services, context: context)
            }
            return try services.page(SMSMessagesPage(messages: lines, hasMessages: !lines.isEmpty), title: "sms_messages_title",
                                     request: request, context: context)
        }
    }

    func smsPage(_ request: Request, _ context: AppContext, errors: [String], drafts: [Language: String] = [:],
                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let day = request.query("date").flatMap(CalendarDay.init) ?? DispatchPlanner.invitationDay(after: services.today())
        let overview = try await services.smsDispatch.overview(on: day, by: services.actor(context))
        let page = AdminSMSPage(overview, day: day, drafts: drafts, errors: errors, services: services, context: context)
        return try services.page(page, title: "sms_title", request: request, context: context, status: status)
    }
}
