import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The county's text analytics: how often handlers agreed with the analyser, month by month, and
/// the county's own topic rules on top of the shipped ones.
struct AdminTextRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminText, .countyAdmin) { request, context, _ in
            try await textPage(request, context, errors: [])
        }
        staff.post(.adminTextRules, .countyAdmin) { request, context, _ in
            let form = context.form
            guard let rule = TopicRule(topic: form.text("topic"), language: form.text("language"), term: form.text("term")) else {
                return try await textPage(request, context, errors: [services.text("text_rule_error", context)], status: .unprocessableContent)
            }
            try await services.textAnalytics.addRule(rule, by: services.actor(context))
            return redirect(.adminText, msg: "saved")
        }
        // A correction made in one unit teaches the whole county only once a county admin accepts it.
        staff.post(.adminTextCorrectionAccept(SiteURL.id), .countyAdmin) { _, context, _ in
            guard try await services.textAnalytics.acceptCorrection(id: context.parameters.get("id") ?? "", by: services.actor(context)) else {
                throw AppError.notFound
            }
            return redirect(.adminText, msg: "saved")
        }
        staff.post(.adminTextRuleDelete(SiteURL.id), .countyAdmin) { _, context, _ in
            try await services.textAnalytics.deleteRule(id: context.parameters.get("id") ?? "", by: services.actor(context))
            return redirect(.adminText, msg: "saved")
        }
    }

    func textPage(_ request: Request, _ context: AppContext, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let overview = try await services.textAnalytics.overview(by: services.actor(context))
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : String(format: "%.0f %%", Double(part) * 100 / Double(whole)) }
        let agreement = overview.agreement.map {
            AgreementRow(month: $0.month, reviewed: $0.reviewed, sentiment: percent($0.sentimentAgreed, $0.reviewed),
                         topics: percent($0.topicsAgreed, $0.reviewed))
        }
        let rules = overview.rules.map {
            RuleRow(topic: services.text("topic_" + $0.rule.topic.rawValue, context), language: $0.rule.language.rawValue, term: $0.rule.term,
                    deleteURL: SiteURL.adminTextRuleDelete($0.id).path)
        }
        let corrections = overview.corrections.prefix(200).map { correction in
            CorrectionRow(date: CalendarDay(correction.createdAt).finnish,
                          scope: overview.scopeNames[correction.scopePath]?[context.language] ?? services.text("text_correction_scope_unknown", context),
                          labels: ([correction.sentiment.map { services.text("sentiment_" + $0.rawValue, context) }].compactMap { $0 }
                                   + correction.topics.map { services.text("topic_" + $0.rawValue, context) }).joined(separator: ", "),
                          words: correction.features.isEmpty ? "–"
                              : PersonalData.mask(correction.features.filter { !$0.hasPrefix("not_") }.prefix(12).joined(separator: " ")),
                          acceptURL: SiteURL.adminTextCorrectionAccept(correction.id).path)
        }
        let page = AdminTextPage(
            corrections: Array(corrections), hasCorrections: !corrections.isEmpty,
            agreement: agreement, hasAgreement: !agreement.isEmpty, rules: rules, hasRules: !rules.isEmpty, errors: errors, hasErrors: !errors.isEmpty,
            topics: Topic.allCases.map { LevelOption(value: $0.rawValue, label: services.text("topic_" + $0.rawValue, context), selected: false) },
            languages: Language.shipped.map { LevelOption(value: $0.rawValue, label: services.text("language_name_" + $0.rawValue, context),
                                                           selected: $0 == context.language) })
        return try services.page(page, title: "text_admin_title", request: request, context: context, status: status)
    }
}
