import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// The staff front page and the units a handler or reporter is responsible for.
struct StaffHomeRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.staffHome, .anyStaff) { request, context, user in
            let grants = try await services.users.ownGrants(by: services.actor(context))
            let language = context.language
            let page = StaffHomePage(
                name: user.user.displayName,
                grants: grants.map { GrantView(id: $0.id, role: services.catalog.text("role_\($0.role.rawValue)", language),
                                               scope: $0.nodeName[language], code: $0.nodeCode) },
                isAdmin: user.has(.admin), seesUnits: user.has(.handler) || user.has(.reporter),
                attention: try await attention(context, readsReports: user.policy.readsReports),
                waiting: try await services.feedback.waiting(by: services.actor(context)).map {
                    WaitingView(new: $0.new, overdue: $0.overdue, newHref: SiteURL.cases.path + "?status=new", openHref: SiteURL.cases.path + "?status=open")
                })
            return try services.page(page, title: "staff_home_title", request: request, context: context)
        }
        staff.get(.units, .handlerOrReporter) { request, context, _ in
            let query = request.query("q") ?? ""
            let nodes = try await UnitOverview.units(matching: query, by: services.actor(context), database: services.database)
            let today = services.today()
            let page = UnitListPage(query: query, units: nodes.map { services.nodeView($0, context, today: today, link: SiteURL.unit) })
            return try services.page(page, title: "units_title", request: request, context: context)
        }
        staff.get(.unit(SiteURL.id), .handlerOrReporter) { request, context, _ in
            let unit = try await UnitOverview.query(id: context.parameters.get("id"), by: services.actor(context), database: services.database,
                                                    now: services.now())
            let today = services.today()
            let view = { (node: OrgNode) in services.nodeView(node, context, today: today, link: SiteURL.unit) }
            let page = UnitPage(adherence: AdherenceView(name: unit.node.name[context.language], counts: unit.adherence), node: view(unit.node),
                                ancestors: unit.ancestors.map(view), children: unit.children.map(view))
            return try services.page(page, title: "unit_title", request: request, context: context,
                                     titleArguments: ["name": unit.node.name[context.language]])
        }
    }

    /// What a reader sees first: last month's attention list of their scope for the national
    /// survey, shortened to the flagged nodes and the furthest below target; while it is being
    /// made, a note and a link to it.
    func attention(_ context: AppContext, readsReports: Bool) async throws -> AttentionHome? {
        guard readsReports else { return nil }
        let reports = try await services.reports()
        let actor = services.actor(context)
        guard let home = try await reports.home(reader: actor) else { return nil }
        let period = ReportPeriod.last(.month, before: services.today())
        let key = AttentionPreviews.Key(node: home.code, survey: NationalSurvey.code, period: period.code ?? "")
        let list = await services.attentionPreviews.list(key, now: services.now()) {
            try? await reports.attention(surveyCode: NationalSurvey.code, nodeCode: home.code, period: period, reader: actor)
        }
        let all = SiteURL.reportAttention.path + "?node=\(home.code)&survey=\(NationalSurvey.code)&period=\(period.code ?? "")"
        return AttentionHome(table: list.map { AttentionTableView($0, services: services, context: context, limit: max(10, $0.flagged.count)) },
                             preparingHref: list == nil ? all : nil)
    }
}
