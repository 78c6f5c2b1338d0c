import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Admin pages to browse, search, edit, import and export the organisation tree.
struct AdminOrgRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminOrg, .admin) { request, context, user in
            let repository = OrgRepository(services.database.sql)
            let query = (request.query("q") ?? "").trimmingCharacters(in: .whitespaces)
            let today = services.today()
            let view = { (node: OrgNode) in services.nodeView(node, context, today: today, link: SiteURL.adminOrgNode) }
            var page = OrgIndexPage(query: query)
            if query.isEmpty {
                // Each admin starts from the top of their own scope: the county, or their area or unit.
                let tops = try await repository.nodes(ids: user.policy.scopePaths(for: .admin).compactMap { OrgPath.ids(in: $0).last })
                for top in tops {
                    page.trees.append(OrgTreeView(node: view(top), children: try await repository.children(of: top.id).map(view)))
                }
            } else {
                page.results = try await repository.search(query, within: user.policy.scopePaths(for: .admin)).map(view)
                page.searched = true
                page.noResults = page.results.isEmpty
            }
            return try services.page(page, title: "org_title", request: request, context: context)
        }
        staff.get(.adminOrgExport, .admin) { _, _, user in
            let nodes = try await OrgRepository(services.database.sql).all().filter { user.policy.allows(.admin, onNodeAt: $0.path) }
            let csv = OrgImport.csv(nodes.map(\.spec))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"organisation.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        staff.get(.adminOrgImport, .countyAdmin) { request, context, _ in
            try services.page(OrgImportPage(), title: "org_import_title", request: request, context: context)
        }
        staff.post(.adminOrgImport, .countyAdmin) { request, context, user in
            try await importFile(request, context, user)
        }
        staff.get(.adminOrgNew, .admin) { request, context, user in
            let parent = try await scopedNode(request.query("parent"), user)
            let form = OrgNodeForm(isNew: true, parentCode: parent?.code ?? "", level: childLevel(of: parent)?.rawValue ?? OrgLevel.county.rawValue)
            return try await nodePage(request, context, form: form, node: nil)
        }
        staff.post(.adminOrgNew, .admin) { request, context, user in
            try await save(request, context, user, existing: nil)
        }
        staff.get(.adminOrgNode(SiteURL.id), .admin) { request, context, user in
            guard let node = try await scopedNode(context.parameters.get("id"), user) else { throw AppError.notFound }
            return try await nodePage(request, context, form: OrgNodeForm(node), node: node)
        }
        staff.post(.adminOrgNode(SiteURL.id), .admin) { request, context, user in
            guard let node = try await scopedNode(context.parameters.get("id"), user) else { throw AppError.notFound }
            return try await save(request, context, user, existing: node)
        }
    }

    /// The node, if it exists and the admin's scope covers it.
    func scopedNode(_ id: String?, _ user: CurrentUser) async throws -> OrgNode? {
        guard let id, !id.isEmpty, let node = try await OrgRepository(services.database.sql).node(id: id),
              user.policy.allows(.admin, onNodeAt: node.path) else { return nil }
        return node
    }

    func childLevel(of parent: OrgNode?) -> OrgLevel? {
        guard let parent else { return .county }
        return OrgLevel.allCases.first { $0.depth == parent.level.depth + 1 }
    }

    func nodePage(_ request: Request, _ context: AppContext, form: OrgNodeForm, node: OrgNode?,
                  errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let repository = OrgRepository(services.database.sql)
        let today = services.today()
        let view = { (node: OrgNode) in services.nodeView(node, context, today: today, link: SiteURL.adminOrgNode) }
        let page = OrgNodePage(
            form: form, errors: errors, node: node.map(view),
            ancestors: node == nil ? [] : try await repository.ancestors(of: node!).map(view),
            children: node == nil ? [] : try await repository.children(of: node!.id).map(view),
            levels: OrgLevel.allCases.map { LevelOption(value: $0.rawValue, label: services.catalog.text("level_" + $0.rawValue, context.language),
                                                        selected: $0.rawValue == form.level) },
            canAddChild: node.map { $0.level != .servicePoint } ?? false,
            hasErrors: !errors.isEmpty, action: (node.map { SiteURL.adminOrgNode($0.id) } ?? .adminOrgNew).path)
        return try services.page(page, title: node == nil ? "org_new_title" : "org_node_title", request: request,
                                 context: context, titleArguments: ["name": node?.name[context.language] ?? ""], status: status)
    }

    func save(_ request: Request, _ context: AppContext, _ user: CurrentUser, existing: OrgNode?) async throws -> Response {
        let form = OrgNodeForm(context.form)
        var errors: [String] = []
        guard let spec = form.spec(errors: &errors, services: services, language: context.language), errors.isEmpty else {
            return try await nodePage(request, context, form: form, node: existing, errors: errors, status: .unprocessableContent)
        }
        do {
            let id = try await services.organisation.save(spec, parentCode: form.parentCode, existingID: existing?.id, policy: user.policy,
                                                          by: services.actor(context))
            return redirect(.adminOrgNode(id), msg: "saved")
        } catch let refused as Refused {
            return try await nodePage(request, context, form: form, node: existing, errors: refused.texts(services.catalog, context.language),
                                      status: .unprocessableContent)
        }
    }

    func importFile(_ request: Request, _ context: AppContext, _ user: CurrentUser) async throws -> Response {
        var text = context.form.text("csv")
        if let file = context.form.files["file"], !file.data.isEmpty {
            guard let decoded = String(validating: file.data, as: UTF8.self) else {
                return try importPage(request, context, OrgImportPage(errors: [services.text("org_import_not_utf8", context)]))
            }
            text = decoded
        }
        guard !text.isEmpty else {
            return try importPage(request, context, OrgImportPage(errors: [services.text("org_import_empty", context)]))
        }
        let repository = OrgRepository(services.database.sql)
        // A sync covers the whole tree, so only an admin of every root may run it.
        for root in try await repository.roots() where !user.policy.allows(.admin, onNodeAt: root.path) {
            throw AppError.forbidden
        }
        switch OrgImport.read(text) {
        case .failure(let failure):
            let problems = failure.problems.map { problem in
                ImportProblemView(line: problem.line,
                                  message: services.text("import_problem_" + problem.kind.rawValue, context), detail: problem.detail)
            }
            return try importPage(request, context, OrgImportPage(problems: problems), status: .unprocessableContent)
        case .success(let rows):
            let dryRun = context.form["dry_run"] != nil
            let plan = try await services.organisation.sync(rows, dryRun: dryRun, by: services.actor(context))
            return try importPage(request, context, OrgImportPage(result: ImportResultView(plan, dryRun: dryRun)))
        }
    }

    func importPage(_ request: Request, _ context: AppContext, _ page: OrgImportPage, status: HTTPResponse.Status = .ok) throws -> Response {
        try services.page(page, title: "org_import_title", request: request, context: context, status: status)
    }
}
