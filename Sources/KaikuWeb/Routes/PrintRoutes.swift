import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// QR codes for each unit × survey, and printable pages (seed 004): an A4 poster, a sticker sheet,
/// a card, round badges, a vehicle (ambulance) sticker, and smiley and weather cards a customer can
/// point at, each with the unit's name and QR code, in Finnish, Swedish and English. The QR code
/// may open the easy-to-read or children's version (`v`) with smileys or weather (`p`).
struct PrintRoutes {
    let services: AppServices

    static let formats = ["poster", "stickers", "card", "badges", "vehicle", "smileys", "weather"]

    /// The open link a QR code carries, with the version and pictures it opens in.
    func link(unit: String, survey: String, variant: SurveyVariant = .standard, pictures: PictureStyle? = nil) -> String {
        services.publicURL + SiteURL.openSurvey(unit: unit, survey: survey).path + "?c=qr"
            + (variant == .standard ? "" : "&v=" + variant.rawValue) + (pictures.map { "&p=" + $0.rawValue } ?? "")
    }

    /// The version and pictures asked for (`?v=…&p=…`); anything else is the standard form.
    static func choice(_ request: Request) -> (SurveyVariant, PictureStyle?) {
        (request.query("v").flatMap(SurveyVariant.init) ?? .standard, request.query("p").flatMap(PictureStyle.init))
    }

    func register(on router: Router<AppContext>, staff: StaffRouter) {
        router.get(.qrSVG(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { request, context in
            let (code, unit, survey) = try await qrCode(request, context)
            return Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: code.svg(title: survey.name.fi + " – " + unit.name.fi))))
        }
        router.get(.qrPNG(unit: SiteURL.unitCode, survey: SiteURL.surveyCode)) { request, context in
            let code = try await qrCode(request, context).code
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: code.png())))
        }
        staff.get(.print(unit: SiteURL.unitCode, survey: SiteURL.surveyCode), .anyStaff) { request, context, _ in
            let (unit, survey) = try await target(context, staff: true)
            let format = Self.formats.contains(request.query("format") ?? "") ? request.query("format")! : "poster"
            var (variant, pictures) = Self.choice(request)
            // A picture card opens the picture form: the easy-to-read one unless the children's was chosen.
            if format == "smileys" || format == "weather" {
                pictures = format == "smileys" ? .smiley : .weather
                if variant == .standard { variant = .easy }
            }
            let query = "v=\(variant.rawValue)" + (pictures.map { "&p=" + $0.rawValue } ?? "")
            let base = SiteURL.print(unit: unit.code, survey: survey.code).path
            let names = Language.shipped.map { PrintName(lang: $0.rawValue, unit: unit.name[$0], survey: survey.name[$0]) }
            let style = pictures ?? .smiley
            let page = PrintPage(
                format: format, names: names, link: link(unit: unit.code, survey: survey.code, variant: variant, pictures: pictures),
                qr: SiteURL.qrSVG(unit: unit.code, survey: survey.code).path + "?" + query,
                isPoster: format == "poster", isStickers: format == "stickers", isCard: format == "card", isBadges: format == "badges",
                isVehicle: format == "vehicle", isPictureCard: format == "smileys" || format == "weather",
                stickers: (0..<12).map { _ in StickerSlot() }, badges: (0..<6).map { _ in StickerSlot() },
                pictures: (1...5).reversed().map { level in
                    PrintPicture(src: "\(SiteURL.staticFiles)/pictures/\(style.rawValue)-\(level).svg",
                                 labels: Language.shipped.map { PrintLabel(lang: $0.rawValue, text: services.catalog.text("survey_smiley5_\(level)", $0)) },
                                 alt: services.catalog.text("picture_\(style.rawValue)_\(level)", context.language))
                },
                formats: Self.formats.map { FormatLink(href: base + "?format=\($0)&v=\(variant.rawValue)", label: services.text("print_format_" + $0, context),
                                                       current: $0 == format) },
                variants: SurveyVariant.allCases.map { FormatLink(href: base + "?format=\(format)&v=\($0.rawValue)", label: services.text("variant_" + $0.rawValue, context),
                                                                  current: $0 == variant) })
            return try services.renderer.html(page, layout: services.layout(request: request, context: context, title: services.text("print_title", context)))
        }
    }

    /// The QR code of a published survey at a unit, opening the version the address asks for.
    func qrCode(_ request: Request, _ context: AppContext) async throws -> (code: QRCode, unit: OrgNode, survey: SurveyRepository.Survey) {
        let (unit, survey) = try await target(context)
        let (variant, pictures) = Self.choice(request)
        guard let code = QRCode(link(unit: unit.code, survey: survey.code, variant: variant, pictures: pictures)) else { throw AppError.notFound }
        return (code, unit, survey)
    }

    func target(_ context: AppContext, staff: Bool = false) async throws -> (OrgNode, SurveyRepository.Survey) {
        try await services.surveys
            .printTarget(unitCode: context.parameters.get("unit") ?? "", surveyCode: context.parameters.get("survey") ?? "",
                         by: staff ? services.actor(context) : nil)
    }
}
