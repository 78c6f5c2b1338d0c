import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The public "Feedback matters" wall: what feedback led to, per unit or for the whole county,
/// and a display mode for screens in waiting rooms. Both show only entries a handler wrote and
/// published from a closed case (never a customer's own words unreviewed).
struct WallRoutes {
    let services: AppServices

    func register(on router: Router<AppContext>) {
        router.get(.wall) { request, context in
            let page = try await wall(request, context)
            return try services.page(page, title: "wall_title", request: request, context: context)
        }
        router.get(.wallDisplay) { request, context in
            let page = WallDisplayPage(wall: try await wall(request, context))
            return try services.renderer.html(page, layout: services.layout(request: request, context: context, title: services.text("wall_title", context),
                                                                            publicShell: true))
        }
    }

    /// The wall of the unit named by `?unit=CODE`, else of the county.
    func wall(_ request: Request, _ context: AppContext) async throws -> WallPage {
        let code = request.query("unit") ?? ""
        let (unit, found) = try await services.feedback.wall(unitCode: code)
        let entries = found.map { entry, unit in
            WallEntryView(unit: unit[context.language], date: CaseRoutes.formatTime(entry.publishedAt).split(separator: " ").first.map(String.init) ?? "",
                          language: entry.language.rawValue, youSaid: entry.youSaid, weDid: entry.weDid)
        }
        return WallPage(heading: unit.map { services.catalog.format("wall_unit_heading", context.language, ["unit": $0.name[context.language]]) }
                                 ?? services.text("wall_heading", context),
                        unitCode: code, entries: entries, isEmpty: entries.isEmpty)
    }
}
