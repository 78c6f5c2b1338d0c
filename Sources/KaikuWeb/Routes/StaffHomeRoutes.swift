import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The staff front page and the units a handler or reporter is responsible for.
struct StaffHomeRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.staffHome, .anyStaff) { request, context, user in
            let grants = try await UserRepository(services.database.sql).grants(userID: user.id)
            let language = context.language
            let page = StaffHomePage(
                name: user.user.displayName,
                grants: grants.map { GrantView(id: $0.id, role: services.catalog.text("role_\($0.role.rawValue)", language),
                                               scope: $0.nodeName[language], code: $0.nodeCode) },
                isAdmin: user.has(.admin), seesUnits: user.has(.handler) || user.has(.reporter))
            return try services.page(page, title: "staff_home_title", request: request, context: context)
        }
        staff.get(.units, .handlerOrReporter) { request, context, user in
            let paths = user.policy.scopePaths(for: .handler) + user.policy.scopePaths(for: .reporter)
            let query = request.query("q") ?? ""
            let nodes = try await OrgRepository(services.database.sql).search(query, within: paths, limit: 500)
                .filter { $0.level == .unit }
            let today = services.today()
            let page = UnitListPage(query: query, units: nodes.map { services.nodeView($0, context, today: today, link: SiteURL.unit) })
            return try services.page(page, title: "units_title", request: request, context: context)
        }
        staff.get(.unit(SiteURL.id), .handlerOrReporter) { request, context, user in
            // Out of scope and missing look the same: nothing is revealed about other units.
            let id = context.parameters.get("id") ?? ""
            let repository = OrgRepository(services.database.sql)
            guard let node = try await repository.node(id: id),
                  user.policy.allowsAny([.handler, .reporter], onNodeAt: node.path) else { throw AppError.notFound }
            let today = services.today()
            let adherence = try await FeedbackRepository(services.database.sql).adherence(path: node.path, now: services.now())
            let page = UnitPage(
                adherence: AdherenceView(name: node.name[context.language], counts: adherence),
                node: services.nodeView(node, context, today: today, link: SiteURL.unit),
                ancestors: try await repository.ancestors(of: node).map { services.nodeView($0, context, today: today, link: SiteURL.unit) },
                children: try await repository.children(of: node.id).map { services.nodeView($0, context, today: today, link: SiteURL.unit) })
            return try services.page(page, title: "unit_title", request: request, context: context,
                                     titleArguments: ["name": node.name[context.language]])
        }
    }
}
