import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// QR codes for each unit × survey, and printable A4 pages (poster, sticker sheet, card) with the
/// unit's name in Finnish and Swedish.
struct PrintRoutes {
    let services: AppServices

    static let formats = ["poster", "stickers", "card"]

    /// The open link a QR code carries.
    func link(unit: String, survey: String) -> String {
        services.publicURL + SiteURL.openSurvey(unit: unit, survey: survey).path + "?c=qr"
    }

    func register(on router: Router<AppContext>, staff: StaffRouter) {
        router.get(.qrSVG(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { _, context in
            let (unit, survey) = try await target(context)
            guard let code = QRCode(link(unit: unit.code, survey: survey.code)) else { throw AppError.notFound }
            return Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: code.svg(title: survey.name.fi + " – " + unit.name.fi))))
        }
        router.get(.qrPNG(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { _, context in
            let (unit, survey) = try await target(context)
            guard let code = QRCode(link(unit: unit.code, survey: survey.code)) else { throw AppError.notFound }
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: code.png())))
        }
        staff.get(.print(unit: SiteURL.unitCode, survey: SiteURL.surveyCode), .anyStaff) { request, context, _ in
            let (unit, survey) = try await target(context, staff: true)
            let format = Self.formats.contains(request.query("format") ?? "") ? request.query("format")! : "poster"
            let page = PrintPage(
                unitFi: unit.name.fi, unitSv: unit.name.sv.isEmpty ? unit.name.fi : unit.name.sv,
                surveyFi: survey.name.fi, surveySv: survey.name.sv, link: link(unit: unit.code, survey: survey.code),
                qr: SiteURL.qrSVG(unit: unit.code, survey: survey.code).path, isPoster: format == "poster", isStickers: format == "stickers",
                isCard: format == "card", stickers: Array(repeating: 0, count: 12).indices.map { _ in StickerSlot() },
                formats: Self.formats.map { FormatLink(href: SiteURL.print(unit: unit.code, survey: survey.code).path + "?format=\($0)",
                                                       label: services.text("print_format_" + $0, context), current: $0 == format) })
            return try services.renderer.html(page, layout: services.layout(request: request, context: context, title: services.text("print_title", context)))
        }
    }

    func target(_ context: AppContext, staff: Bool = false) async throws -> (OrgNode, SurveyRepository.Survey) {
        try await services.surveys
            .printTarget(unitCode: context.parameters.get("unit") ?? "", surveyCode: context.parameters.get("survey") ?? "",
                         by: staff ? services.actor(context) : nil)
    }
}
