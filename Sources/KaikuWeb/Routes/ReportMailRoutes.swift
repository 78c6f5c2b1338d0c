import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The periodic report as a printable page (the monthly email's content, for the view in the
/// address), and the subscriptions to it: reporters subscribe themselves, admins anyone in scope.
struct ReportMailRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.reportPrint, .reportReader) { request, context, user in
            let query = try await ReportQuery(request, context, services: services)
            let reports = try await services.reports()
            let digest = try await ReportRoutes.orNotFound {
                try await reports.digest(surveyCode: query.survey, nodeCode: query.node, period: query.period,
                                         reader: services.actor(context),
                                         now: services.now())
            }
            let frequency = SubscriptionRepository.Frequency(periodKind: query.period.kind)
            let mail = ReportMail(digest, frequency: frequency, catalog: services.catalog, language: context.language,
                                  portalURL: SiteURL.reports.path + "?" + query.queryString(), subscriptionsURL: SiteURL.reportSubscriptions.path)
            let page = ReportPrintPage(content: mail.fragment(.page), back: SiteURL.reports.path + "?" + query.queryString(),
                                       subscribe: SubscribeForm(query, frequency: frequency))
            return try services.page(page, title: "report_print_title", request: request, context: context)
        }
        staff.get(.reportSubscriptions, .reportReader) { request, context, user in
            try await subscriptionsPage(request, context, errors: [])
        }
        staff.post(.reportSubscriptions, .reportReader) { request, context, _ in
            let form = context.form
            do {
                try await services.reportMailing.subscribe(
                    email: form["email"], nodeCode: form.text("node"), surveyCode: form.text("survey"),
                    frequency: SubscriptionRepository.Frequency(rawValue: form.text("frequency")) ?? .month,
                    language: Language(shipped: form.text("language")) ?? context.language, by: services.actor(context))
            } catch let refused as Refused {
                return try await subscriptionsPage(request, context, errors: refused.texts(services.catalog, context.language),
                                                   status: .unprocessableContent)
            }
            return redirect(.reportSubscriptions, msg: "subscription_saved")
        }
        staff.post(.reportSubscriptionDelete(SiteURL.id), .reportReader) { _, context, user in
            do {
                try await services.reportMailing.unsubscribe(id: context.parameters.get("id") ?? "", by: services.actor(context))
            } catch is Refused {
                throw AppError.notFound
            }
            return redirect(.reportSubscriptions, msg: "subscription_removed")
        }
    }

    func subscriptionsPage(_ request: Request, _ context: AppContext, errors: [String],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let listed = try await services.reportMailing.list(by: services.actor(context))
        let query = try await ReportQuery(request, context, services: services)
        let form = try await ReportRoutes(services: services).form(query, context, try await services.reports())
        let rows = listed.map {
            SubscriptionRow(email: $0.email, node: $0.node.name[language], survey: $0.survey.name[language],
                            frequency: services.text("report_frequency_" + $0.subscription.frequency.rawValue, context),
                            language: services.catalog.text("language_name_" + $0.subscription.language.rawValue, language),
                            deleteHref: SiteURL.reportSubscriptionDelete($0.subscription.id).path)
        }
        let options = { (values: [String], prefix: String, selected: String) in
            values.map { LevelOption(value: $0, label: services.text(prefix + $0, context), selected: $0 == selected) }
        }
        let page = ReportSubscriptionsPage(
            rows: rows, hasRows: !rows.isEmpty, isAdmin: context.currentUser?.has(.admin) ?? false, errors: errors, hasErrors: !errors.isEmpty, form: form,
            frequencies: options(SubscriptionRepository.Frequency.allCases.map(\.rawValue), "report_frequency_", request.query("frequency") ?? "month"),
            languages: options(Language.shipped.map(\.rawValue), "language_name_", language.rawValue))
        return try services.page(page, title: "report_subscriptions_title", request: request, context: context, status: status)
    }
}
