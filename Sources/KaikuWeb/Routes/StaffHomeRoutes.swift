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

struct StaffHomePage: PageView {
    static let template = "staff_home"
    let name: String
    let grants: [GrantView]
    let isAdmin: Bool
    let seesUnits: Bool
}

struct GrantView {
    let id: String
    let role: String
    let scope: String
    let code: String
}

struct UnitListPage: PageView {
    static let template = "staff_units"
    let query: String
    let units: [NodeView]
}

struct UnitPage: PageView {
    static let template = "staff_unit"
    let adherence: AdherenceView
    let node: NodeView
    let ancestors: [NodeView]
    let children: [NodeView]
}

/// A node as pages show it, in the reader's language, with the page it links to.
struct NodeView {
    let id: String
    let href: String
    let code: String
    let name: String
    let level: String
    let levelLabel: String
    let validFrom: String
    let validTo: String
    let oid: String
    let isActive: Bool

    init(_ node: OrgNode, _ language: Language, today: CalendarDay, levelLabel: String, href: String) {
        id = node.id
        self.href = href
        code = node.code
        name = node.name[language]
        level = node.level.rawValue
        self.levelLabel = levelLabel
        validFrom = node.spec.validFrom?.description ?? ""
        validTo = node.spec.validTo?.description ?? ""
        oid = node.spec.oid ?? ""
        isActive = node.spec.isActive(on: today)
    }
}

extension AppServices {
    func nodeView(_ node: OrgNode, _ context: AppContext, today: CalendarDay, link: (String) -> SiteURL) -> NodeView {
        NodeView(node, context.language, today: today, levelLabel: catalog.text("level_" + node.level.rawValue, context.language),
                 href: link(node.id).path)
    }
}
