import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The county's added languages (docs/LANGUAGES.md): the translator's file to download, the
/// reviewed file to upload, and the languages with their reviewers. County admins only.
struct AdminLanguageRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminLanguages, .countyAdmin) { request, context, _ in
            try await page(request, context)
        }
        staff.get(.adminLanguagesExport, .countyAdmin) { request, context, _ in
            let code = request.query("language") ?? ""
            do {
                let file = try await services.publicLanguages.export(code, by: services.actor(context))
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"kaiku-\(Language(rawValue: code)?.rawValue ?? "texts").csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: file)))
            } catch let refused as Refused {
                return try await page(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            }
        }
        staff.post(.adminLanguages, .countyAdmin) { request, context, _ in
            let form = context.form
            do {
                if form.text("action") == "remove" {
                    try await services.publicLanguages.remove(form.text("language"), by: services.actor(context))
                    return redirect(.adminLanguages, msg: "saved")
                }
                let data = form.files["file"].map { Array($0.data) } ?? []
                guard !data.isEmpty else {
                    return try await page(request, context, errors: [services.text("languages_error_file", context)], status: .unprocessableContent)
                }
                let report = try await services.publicLanguages.importFile(data, language: form.text("language"), name: form.text("name"),
                                                                           reviewedBy: form.text("reviewed_by"), by: services.actor(context))
                let summary = services.catalog.format("languages_imported", context.language, [
                    "translated": "\(report.translated)", "untranslated": "\(report.untranslated + report.missing)", "outdated": "\(report.outdated.count)"])
                return try await page(request, context, notice: summary, outdated: report.outdated)
            } catch let refused as Refused {
                return try await page(request, context, errors: refused.texts(services.catalog, context.language), status: .unprocessableContent)
            } catch let refused as PublicLanguages.FileRefused {
                let lines = refused.problems.map { $0.text(services.catalog, context.language) }
                return try await page(request, context, errors: lines, status: .unprocessableContent)
            }
        }
    }

    func page(_ request: Request, _ context: AppContext, errors: [String] = [], notice: String? = nil, outdated: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let languages = try await services.publicLanguages.languages().map {
            AddedLanguageRow(code: $0.code, name: $0.name, reviewedBy: $0.reviewedBy,
                             importedAt: CaseRoutes.formatTime(Timestamp.parse($0.importedAt) ?? .distantPast),
                             href: SiteURL.adminLanguagesExport.path + "?language=" + $0.code)
        }
        let page = AdminLanguagesPage(languages: languages, hasLanguages: !languages.isEmpty, errors: errors, hasErrors: !errors.isEmpty,
                                      notice: notice, outdated: outdated)
        return try services.page(page, title: "languages_title", request: request, context: context, status: status)
    }
}
