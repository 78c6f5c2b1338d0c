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

    /// The node named by `?unit=CODE`, else the county (every root).
    func scope(_ request: Request) async throws -> (paths: [String], name: LocalizedText?, code: String) {
        let org = OrgRepository(services.database.sql)
        if let code = request.query("unit"), !code.isEmpty {
            guard let node = try await org.node(code: code) else { throw AppError.notFound }
            return ([node.path], node.name, code)
        }
        return (try await org.roots().map(\.path), nil, "")
    }

    func wall(_ request: Request, _ context: AppContext) async throws -> WallPage {
        let (paths, name, code) = try await scope(request)
        let org = OrgRepository(services.database.sql)
        var entries: [WallEntryView] = []
        var names: [String: String] = [:]
        for path in paths {
            for entry in try await WallRepository(services.database.sql).entries(under: path) {
                if names[entry.nodeID] == nil { names[entry.nodeID] = try await org.node(id: entry.nodeID)?.name[context.language] ?? "" }
                entries.append(WallEntryView(unit: names[entry.nodeID] ?? "", date: CaseRoutes.formatTime(entry.publishedAt).split(separator: " ").first.map(String.init) ?? "",
                                             language: entry.language.rawValue, youSaid: entry.youSaid, weDid: entry.weDid))
            }
        }
        return WallPage(heading: name.map { services.catalog.format("wall_unit_heading", context.language, ["unit": $0[context.language]]) }
                                 ?? services.text("wall_heading", context),
                        unitCode: code, entries: entries, isEmpty: entries.isEmpty)
    }

}
