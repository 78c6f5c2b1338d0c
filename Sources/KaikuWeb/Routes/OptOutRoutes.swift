import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Refusing survey text messages: one tap from a message's link (a confirming POST, since link
/// checkers open links), or by typing the number on the page linked from every survey page.
struct OptOutRoutes {
    let services: AppServices

    struct OptOutPage: PageView {
        static let template = "optout"
        let action: String
        let byCode: Bool
        let done: Bool
        let errors: [String]
        let hasErrors: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get(.optOut) { request, context in
            try page(request, context, action: SiteURL.optOut.path, byCode: false, done: false)
        }
        router.post(.optOut) { request, context in
            // Typing numbers refuses surveys for whoever owns them: a client gets a few, then one per half minute.
            guard services.bursts.admit([("optout:" + context.rateKey, AnswerBurstRules.perClient)], now: services.now()) else {
                return try page(request, context, action: SiteURL.optOut.path, byCode: false, done: false,
                                errors: [services.text("optout_too_many", context)], status: .tooManyRequests)
            }
            do {
                try await services.smsDispatch.refuse(phone: context.form.text("phone"), by: nil)
            } catch let refused as Refused {
                return try page(request, context, action: SiteURL.optOut.path, byCode: false, done: false,
                                errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
            return try page(request, context, action: SiteURL.optOut.path, byCode: false, done: true)
        }
        router.get(.optOutCode(SiteURL.token)) { request, context in
            let code = context.parameters.get("token") ?? ""
            guard OptOutCode.isWellFormed(code) else { throw AppError.notFound }
            return try page(request, context, action: SiteURL.optOutCode(code).path, byCode: true, done: false)
        }
        router.post(.optOutCode(SiteURL.token)) { request, context in
            let code = context.parameters.get("token") ?? ""
            // An unknown or expired code falls back to typing the number.
            guard try await services.smsDispatch.refuse(optOutCode: code) else {
                return try page(request, context, action: SiteURL.optOut.path, byCode: false, done: false,
                                errors: [services.text("optout_code_unknown", context)], status: .notFound)
            }
            return try page(request, context, action: SiteURL.optOut.path, byCode: true, done: true)
        }
    }

    func page(_ request: Request, _ context: AppContext, action: String, byCode: Bool, done: Bool, errors: [String] = [],
              status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page(OptOutPage(action: action, byCode: byCode, done: done, errors: errors, hasErrors: !errors.isEmpty),
                          title: "optout_title", request: request, context: context, status: status)
    }
}
