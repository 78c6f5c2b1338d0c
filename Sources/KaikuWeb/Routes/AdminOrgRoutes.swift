import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// Admin pages to browse, search, edit, import and export the organisation tree.
struct AdminOrgRoutes {
    let services: AppServices

    func register(staff: StaffRouter) {
        staff.get(.adminOrg, .admin) { request, context, _ in
            let query = (request.query("q") ?? "").trimmingCharacters(in: .whitespaces)
            let today = services.today()
            let view = { (node: OrgNode) in services.nodeView(node, context, today: today, link: SiteURL.adminOrgNode) }
            var page = OrgIndexPage(query: query)
            if query.isEmpty {
                // Each admin starts from the top of their own scope: the county, or their area or unit.
                page.trees = try await services.organisation.tops(by: services.actor(context)).map {
                    OrgTreeView(node: view($0.node), children: $0.children.map(view))
                }
            } else {
                page.results = try await services.organisation.search(query, by: services.actor(context)).map(view)
                page.searched = true
                page.noResults = page.results.isEmpty
            }
            return try services.page(page, title: "org_title", request: request, context: context)
        }
        staff.get(.adminOrgExport, .admin) { _, context, _ in
            let csv = try await services.organisation.export(by: services.actor(context))
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"organisation.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        staff.get(.adminOrgImport, .countyAdmin) { request, context, _ in
            try services.page(OrgImportPage(), title: "org_import_title", request: request, context: context)
        }
        staff.post(.adminOrgImport, .countyAdmin) { request, context, _ in
            try await importFile(request, context)
        }
        staff.get(.adminOrgNew, .admin) { request, context, _ in
            let parent = try? await services.organisation.node(request.query("parent"), by: services.actor(context))
            let form = OrgNodeForm(isNew: true, parentCode: parent?.code ?? "", level: childLevel(of: parent)?.rawValue ?? OrgLevel.county.rawValue)
            return try await nodePage(request, context, form: form, node: nil)
        }
        staff.post(.adminOrgNew, .admin) { request, context, _ in
            try await save(request, context, existing: nil)
        }
        staff.get(.adminOrgNode(SiteURL.id), .admin) { request, context, _ in
            let node = try await services.organisation.node(context.parameters.get("id"), by: services.actor(context))
            return try await nodePage(request, context, form: OrgNodeForm(node), node: node)
        }
        staff.post(.adminOrgNode(SiteURL.id), .admin) { request, context, _ in
            let node = try await services.organisation.node(context.parameters.get("id"), by: services.actor(context))
            return try await save(request, context, existing: node)
        }
    }

    func childLevel(of parent: OrgNode?) -> OrgLevel? {
        guard let parent else { return .county }
        return OrgLevel.allCases.first { $0.depth == parent.level.depth + 1 }
    }

    func nodePage(_ request: Request, _ context: AppContext, form: OrgNodeForm, node: OrgNode?,
                  errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let today = services.today()
        let view = { (node: OrgNode) in services.nodeView(node, context, today: today, link: SiteURL.adminOrgNode) }
        let family = try await node.asyncMap { try await services.organisation.family(of: $0) }
        let page = OrgNodePage(
            form: form, errors: errors, node: node.map(view),
            ancestors: family?.ancestors.map(view) ?? [], children: family?.children.map(view) ?? [],
            levels: OrgLevel.allCases.map { LevelOption(value: $0.rawValue, label: services.catalog.text("level_" + $0.rawValue, context.language),
                                                        selected: $0.rawValue == form.level) },
            canAddChild: node.map { $0.level != .servicePoint } ?? false,
            hasErrors: !errors.isEmpty, action: (node.map { SiteURL.adminOrgNode($0.id) } ?? .adminOrgNew).path)
        return try services.page(page, title: node == nil ? "org_new_title" : "org_node_title", request: request,
                                 context: context, titleArguments: ["name": node?.name[context.language] ?? ""], status: status)
    }

    func save(_ request: Request, _ context: AppContext, existing: OrgNode?) async throws -> Response {
        let form = OrgNodeForm(context.form)
        var errors: [String] = []
        guard let spec = form.spec(errors: &errors, services: services, language: context.language), errors.isEmpty else {
            return try await nodePage(request, context, form: form, node: existing, errors: errors, status: .unprocessableContent)
        }
        do {
            let id = try await services.organisation.save(spec, parentCode: form.parentCode, existingID: existing?.id, by: services.actor(context))
            return redirect(.adminOrgNode(id), msg: "saved")
        } catch let refused as Refused {
            return try await nodePage(request, context, form: form, node: existing, errors: refused.texts(services.catalog, context.language),
                                      status: .unprocessableContent)
        }
    }

    func importFile(_ request: Request, _ context: AppContext) async throws -> Response {
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
