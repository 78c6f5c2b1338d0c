import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
@testable import KaikuWeb
import Testing

/// Every registered staff route (read from the router, so a new route cannot be forgotten) and
/// method, for each role at county level and at unit level, with real objects inside the unit's
/// scope (ESIM-U002) and outside it (ESIM-U006): the answer is allowed, 403, or the same 404 as a
/// missing object; and no page a unit-level person opens shows anything from outside their scope.
@Suite struct AccessMatrixTests {
    /// What an object-taking route needs of the caller to reach the object.
    enum Reach {
        /// Any of these roles on the object's node (or above it).
        case role(Set<Role>)
        /// Only the person who made it (their own survey request).
        case own
        /// The person's own, or any within an admin's scope (a report subscription).
        case ownOrAdmin
        /// The route has no object of its own (a county-level form, a service area of the public form).
        case none
    }

    /// How each route's parameters are filled and what reaching its object takes. A new route with
    /// parameters fails the test until it is described here.
    static let objectRoutes: [String: Reach] = [
        "/admin/org/:id": .role([.admin]),
        "/admin/users/:id": .role([.admin]),
        "/admin/surveys/:id": .role([.admin]),
        "/admin/surveys/:id/questions": .role([.admin]),
        "/admin/surveys/:id/questions/:key": .role([.admin]),
        "/admin/surveys/:id/preview": .role([.admin]),
        "/admin/surveys/:id/test": .role([.admin]),
        "/admin/surveys/:id/publish": .role([.admin]),
        "/admin/surveys/:id/close": .role([.admin]),
        "/admin/survey-requests/:id": .role([.admin]),
        "/admin/survey-requests/:id/accept": .role([.admin]),
        "/admin/survey-requests/:id/return": .role([.admin]),
        "/admin/cases/:id/export": .role([.admin]),
        "/staff/cases/:id": .role([.handler]),
        "/staff/cases/:id/contact": .role([.handler]),
        "/staff/cases/:id/text": .role([.handler]),
        "/admin/text/rules/:id/delete": .none,
        "/admin/text/corrections/:id/accept": .none,
        "/staff/units/:id": .role([.handler, .reporter]),
        "/staff/print/:unit/:survey": .role([.admin, .handler, .reporter, .staff]),
        "/staff/survey-requests/:id": .own,
        "/staff/record/:area": .none,
        "/admin/feedback/areas/:id": .none,
        "/admin/feedback/phrases/:id": .none,
        "/admin/pages/:slug": .none,
        "/staff/surveys/entry": .role([.staff, .handler]),
        "/staff/reports": .role([.admin, .reporter, .handler]),
        "/staff/reports/export.csv": .role([.admin, .reporter, .handler]),
        "/staff/reports/export.xlsx": .role([.admin, .reporter, .handler]),
        "/staff/reports/texts": .role([.admin, .reporter, .handler]),
        "/staff/reports/texts/:id": .role([.admin, .reporter, .handler]),
        "/staff/reports/feedback": .role([.admin, .reporter, .handler]),
        "/staff/reports/feedback.csv": .role([.admin, .reporter, .handler]),
        "/staff/reports/feedback.xlsx": .role([.admin, .reporter, .handler]),
        "/staff/reports/feedback/texts": .role([.admin, .reporter, .handler]),
        "/staff/reports/print": .role([.admin, .reporter, .handler]),
        "/staff/reports/attention": .role([.admin, .reporter, .handler]),
        "/staff/reports/attention.csv": .role([.admin, .reporter, .handler]),
        "/staff/reports/subscriptions/:id/delete": .ownOrAdmin,
        "/admin/reports/targets/:id/delete": .role([.admin]),
    ]

    /// Routes that name their object in the query (GET) or the form (POST).
    static let fieldObjects: [String: [(String, String)]] = [
        "/staff/surveys/entry": [("unit", ":unit"), ("survey", ":survey"), ("channel", "paper")],
        "/staff/reports": [("node", ":unit"), ("survey", ":survey"), ("by", "unit")],
        "/staff/reports/export.csv": [("node", ":unit"), ("survey", ":survey"), ("by", "unit")],
        "/staff/reports/export.xlsx": [("node", ":unit"), ("survey", ":survey"), ("by", "unit")],
        "/staff/reports/texts": [("node", ":unit"), ("survey", ":survey"), ("question", "thl.nps_reason")],
        "/staff/reports/feedback": [("node", ":unit")],
        "/staff/reports/attention": [("node", ":unit"), ("survey", ":survey")],
        "/staff/reports/attention.csv": [("node", ":unit"), ("survey", ":survey")],
        "/staff/reports/feedback.csv": [("node", ":unit")],
        "/staff/reports/feedback.xlsx": [("node", ":unit")],
        "/staff/reports/feedback/texts": [("node", ":unit")],
        "/staff/reports/print": [("node", ":unit"), ("survey", ":survey")],
    ]

    struct Persona: Sendable {
        let name: String
        let email: String?
        let role: Role?
        let isCounty: Bool
    }

    static let personas: [Persona] = [
        Persona(name: "anonymous", email: nil, role: nil, isCounty: false),
        Persona(name: "county admin", email: "paakayttaja@esimerkkila.fi", role: .admin, isCounty: true),
        Persona(name: "unit admin", email: "yksikon.paakayttaja@esimerkkila.fi", role: .admin, isCounty: false),
        Persona(name: "county handler", email: "palautekoordinaattori@esimerkkila.fi", role: .handler, isCounty: true),
        Persona(name: "unit handler", email: "kasittelija@esimerkkila.fi", role: .handler, isCounty: false),
        Persona(name: "county reporter", email: "johto@esimerkkila.fi", role: .reporter, isCounty: true),
        Persona(name: "unit reporter", email: "yksikon.raportoija@esimerkkila.fi", role: .reporter, isCounty: false),
        Persona(name: "county staff", email: "alueen.henkilosto@esimerkkila.fi", role: .staff, isCounty: true),
        Persona(name: "unit staff", email: "henkilosto@esimerkkila.fi", role: .staff, isCounty: false),
    ]

    /// The objects one variant of a route names: by route family for `:id`, and the unit, the
    /// question, the service area, the page and the survey code.
    struct Objects {
        var ids: [String: String] = [:]
        var unit = ""
        var key = ""
        var shared: [String: String] = [:]

        func fill(_ route: String) -> String {
            var path = route
            if let range = path.range(of: "/:id"), let id = ids[String(path[..<range.lowerBound])] {
                path = path.replacingOccurrences(of: ":id", with: id)
            }
            for (name, value) in shared.merging([":unit": unit, ":key": key], uniquingKeysWith: { a, _ in a }) {
                path = path.replacingOccurrences(of: name, with: value)
            }
            return path
        }
    }

    struct World {
        var inside = Objects()
        var outside = Objects()
        /// Ids that name nothing.
        var missing = Objects()
        /// Texts of the objects outside U002 that no unit-level page may show.
        var foreignMarkers: [String] = []
    }

    @Test(arguments: personas.map(\.name))
    func everyStaffRouteForEveryRole(_ name: String) async throws {
        let persona = try #require(Self.personas.first { $0.name == name })
        try await TestApp.with { app, browser in
            // People the demo does not have.
            try await app.person("yksikon.paakayttaja@esimerkkila.fi", .admin, at: "ESIM-U002")
            try await app.person("yksikon.raportoija@esimerkkila.fi", .reporter, at: "ESIM-U002")
            try await app.person("alueen.henkilosto@esimerkkila.fi", .staff, at: "ESIM")
            let world = try await Self.world(app, persona: persona)
            if let email = persona.email {
                let password = email.contains("yksikon.") || email.contains("alueen.") ? TestApp.password : DemoCounty.password
                #expect(try await browser.login(email, password).status == .seeOther)
            }
            #expect(app.routes.count > 60)
            for route in app.routes {
                let reach = Self.objectRoutes[route.path] ?? .none
                let parameters = route.path.split(separator: "/").filter { $0.hasPrefix(":") }
                if (!parameters.isEmpty || Self.fieldObjects[route.path] != nil) && Self.objectRoutes[route.path] == nil {
                    Issue.record("\(route.method) \(route.path) takes an object: describe it in AccessMatrixTests.objectRoutes")
                    continue
                }
                var variants: [(label: String, objects: Objects, reachable: Bool)] = [("inside", world.inside, true)]
                if case .none = reach {} else { variants.append(("outside", world.outside, persona.isCounty)) }
                for variant in variants {
                    let path = variant.objects.fill(route.path)
                    #expect(!path.contains("/:"), "\(route.path): a parameter without an object")
                    let fields = (Self.fieldObjects[route.path] ?? []).map { ($0.0, variant.objects.fill($0.1)) }
                    try await browser.get(persona.email == nil ? "/login" : "/staff/password")
                    let query = (fields + [("lang", "en")]).map { "\($0.0)=\(Browser.encode($0.1))" }.joined(separator: "&")
                    let page = route.method == .get ? try await browser.get(path + "?" + query) : try await browser.post(path + "?lang=en", fields)
                    let label = "\(route.method) \(route.path) \(variant.label) as \(persona.name): \(page.status)"
                    guard let role = persona.role else {
                        // Pages send a browser to the login page; the API answers a script with 401.
                        #expect(page.status == (route.method == .get && !SiteURL.servesJSON(route.path) ? .seeOther : .unauthorized), "\(label)")
                        continue
                    }
                    let admitted = (route.access.roles.isEmpty || route.access.roles.contains(role)) && (!route.access.isCountyLevel || persona.isCounty)
                    let reachesObject: Bool = switch reach {
                    case .role(let roles): roles.contains(role) && variant.reachable
                    case .own: variant.label == "inside"
                    case .ownOrAdmin: variant.label == "inside" || (role == .admin && variant.reachable)
                    case .none: true
                    }
                    if !admitted {
                        #expect(page.status == .forbidden, "\(label)")
                    } else if !reachesObject {
                        #expect(page.status == .notFound, "\(label)")
                        // The same page as for an object that does not exist.
                        if route.method == .get {
                            let missingPath = world.missing.fill(route.path)
                            let missingFields = (Self.fieldObjects[route.path] ?? []).map { ($0.0, world.missing.fill($0.1)) }
                            let missingQuery = (missingFields + [("lang", "en")]).map { "\($0.0)=\(Browser.encode($0.1))" }.joined(separator: "&")
                            let missing = try await browser.get(missingPath + "?" + missingQuery)
                            #expect(missing.status == .notFound && Self.main(of: page.body) == Self.main(of: missing.body), "\(label)")
                        }
                    } else {
                        #expect(![.unauthorized, .forbidden, .notFound].contains(page.status) && page.status.code < 500, "\(label)")
                    }
                    if !persona.isCounty && page.status == .ok {
                        // A case's transfer list names every unit: the organisation is public (the
                        // feedback form lists it too); nothing else of another unit may show.
                        let shown = Self.withoutTransferList(page.body)
                        for marker in world.foreignMarkers { #expect(!shown.contains(marker), "\(label) shows \(marker)") }
                    }
                }
            }
        }
    }

    /// Real objects: the unit's and U006's survey, survey request, case and people.
    static func world(_ app: TestApp, persona: Persona) async throws -> World {
        let sql = app.services.database.sql
        let now = app.clock.now()
        let (u002, u006) = (try await app.node("ESIM-U002"), try await app.node("ESIM-U006"))
        var world = World()
        func survey(_ code: String, _ name: String, at node: OrgNode) async throws -> (id: String, key: String) {
            let id = try await SurveyRepository(sql).create(code: code, kind: .shortTerm, settings: .init(
                name: LocalizedText(fi: name, sv: name, en: name), audience: .all, channels: [.qr], startsOn: nil, endsOn: nil, onePerPage: false),
                ownerPath: node.path, now: now)
            try await SurveyRepository(sql).setTargets(surveyID: id, nodeIDs: [node.id])
            let (definition, key) = SurveyDesign.adding(.yesNo, to: SurveyDefinition(questions: []))
            try await SurveyRepository(sql).saveDefinition(surveyID: id, definition, now: now)
            return (id, key)
        }
        let own = try await survey("oma-kysely", "Oman yksikön kysely", at: u002)
        let foreign = try await survey("vieras-kysely", "Vieraan yksikön kysely", at: u006)
        // Published, so lists of running surveys (staff entry, kiosks) would show it if unscoped.
        try await SurveyRepository(sql).setStatus(surveyID: foreign.id, .published, now: now)
        func request(_ title: String, at node: OrgNode, by email: String) async throws -> String {
            let user = try await app.user(email)
            var draft = DemoCounty.surveyRequest(today: app.services.today()).draft
            draft.title = title
            draft.unitCode = node.code
            return try await SurveyRequestRepository(sql).create(draft, node: node, requestedBy: user.id, now: now)
        }
        let requester = persona.email ?? "henkilosto@esimerkkila.fi"
        let ownRequest = try await request("Oma pyyntö", at: u002, by: requester)
        let foreignRequest = try await request("Vieras pyyntö", at: u006, by: requester == "johto@esimerkkila.fi" ? "paakayttaja@esimerkkila.fi" : "johto@esimerkkila.fi")
        let areas = try await ServiceAreaRepository(sql).list()
        func feedback(_ area: String, _ node: OrgNode, _ text: String) async throws -> FeedbackCase {
            let areaID = areas.first { $0.code == area }?.id ?? ""
            return try await app.services.feedback.submit(FeedbackSubmission(
                serviceAreaID: areaID, unitID: node.id, kind: .criticism, text: text, wantsReply: true, email: "asiakas@example.fi",
                phone: "", language: .fi), submissionKey: nil)
        }
        let ownCase = try await feedback("terveysasemat", u002, "Oman yksikön palaute")
        let foreignCase = try await feedback("suun-terveys", u006, "Vieraan yksikön palaute")
        let area = try #require(try await ServiceAreaRepository(sql).list().first { $0.code == "terveysasemat" })
        let phrase = try #require(try await PhraseRepository(sql).list().first)
        let handler = try await app.user("kasittelija@esimerkkila.fi")
        let director = try await app.user("johto@esimerkkila.fi")
        let shared = [":area": area.id, ":slug": "privacy", ":survey": NationalSurvey.code]
        // Report subscriptions: the persona's own at U002 (or a reporter's, for roles that cannot
        // subscribe), and someone else's at U006; targets at both.
        let national = try #require(try await SurveyRepository(sql).survey(code: NationalSurvey.code))
        let reads = persona.role.map { Role.reportReaders.contains($0) } ?? false
        let subscriber = try await app.user(reads ? persona.email! : "yksikon.raportoija@esimerkkila.fi")
        let other = try await app.user(persona.email == "johto@esimerkkila.fi" ? "paakayttaja@esimerkkila.fi" : "johto@esimerkkila.fi")
        let ownSubscription = try await SubscriptionRepository(sql).add(userID: subscriber.id, nodeID: u002.id, surveyID: national.id, frequency: .month,
                                                                        language: .fi, createdBy: nil, now: now)
        let foreignSubscription = try await SubscriptionRepository(sql).add(userID: other.id, nodeID: u006.id, surveyID: national.id,
                                                                            frequency: .month, language: .fi, createdBy: nil, now: now)
        func target(_ node: OrgNode) async throws -> String {
            let target = ReportTarget(id: Identifier.make(), nodeID: node.id, surveyID: national.id, questionKey: "thl.nps",
                                      startsOn: CalendarDay("2026-01-01")!, endsOn: CalendarDay("2026-12-31")!, value: 70)
            try await TargetRepository(sql).set(target, now: now)
            return target.id
        }
        let (ownTarget, foreignTarget) = (try await target(u002), try await target(u006))
        try await TextRepository(sql).addRule(TopicRule(topic: .fees, language: .fi, term: "matrixtesti"), by: nil, now: now)
        let rule = try #require(try await TextRepository(sql).rules().first { $0.rule.term == "matrixtesti" })
        // An analysed open answer at each unit, named by its analysis's reference.
        let version = try #require(try await SurveyRepository(sql).latestVersion(surveyID: national.id))
        func openAnswer(_ node: OrgNode, _ text: String) async throws -> String {
            let response = SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: node, channel: .qr, language: .fi,
                                                        background: .init(), submissionKey: nil)
            _ = try await SurveyRepository(sql).insertBatch([(response, ["thl.nps_reason": .text(text)])], now: now)
            _ = try await TextAnalytics(database: app.services.database, clock: app.clock).analysePending()
            struct Row: Decodable { let reference: String }
            return try #require(try await sql.raw("""
                SELECT t.reference FROM text_analyses t JOIN responses r ON r.id = t.subject_id WHERE r.node_path = \(bind: node.path)
                """).first(decoding: Row.self)).reference
        }
        let (ownAnswer, foreignAnswer) = (try await openAnswer(u002, "Oman yksikön vastaus"), try await openAnswer(u006, "Vieraan yksikön vastaus"))
        // A unit's correction waiting for the county's acceptance.
        let corrected = try #require(try await TextRepository(sql).answer(reference: ownAnswer))
        try await TextRepository(sql).correct(corrected.subject, sentiment: .positive, topics: [], features: ["matrixtesti"], scopePath: u002.path,
                                              by: handler.id, now: now)
        let correction = try #require(try await TextRepository(sql).localCorrections(countyPaths: []).first).id
        world.inside = Objects(ids: ["/admin/org": u002.id, "/admin/users": handler.id, "/admin/surveys": own.id,
                                     "/admin/survey-requests": ownRequest, "/staff/survey-requests": ownRequest,
                                     "/admin/cases": ownCase.id, "/staff/cases": ownCase.id, "/staff/units": u002.id,
                                     "/admin/feedback/areas": area.id, "/admin/feedback/phrases": phrase.id, "/admin/text/rules": rule.id,
                                     "/admin/text/corrections": correction, "/staff/reports/subscriptions": ownSubscription, "/admin/reports/targets": ownTarget,
                                     "/staff/reports/texts": ownAnswer],
                               unit: u002.code, key: own.key, shared: shared)
        world.outside = Objects(ids: ["/admin/org": u006.id, "/admin/users": director.id, "/admin/surveys": foreign.id,
                                      "/admin/survey-requests": foreignRequest, "/staff/survey-requests": foreignRequest,
                                      "/admin/cases": foreignCase.id, "/staff/cases": foreignCase.id, "/staff/units": u006.id,
                                      "/staff/reports/subscriptions": foreignSubscription, "/admin/reports/targets": foreignTarget,
                                      "/staff/reports/texts": foreignAnswer],
                                unit: u006.code, key: foreign.key, shared: shared)
        let nothing = "01a00000-0000-7000-8000-000000000000"
        world.missing = Objects(ids: Dictionary(uniqueKeysWithValues: world.inside.ids.keys.map { ($0, nothing) }), unit: "EI-OLE", key: "ei.ole",
                                shared: shared)
        world.foreignMarkers = [u006.name.fi, u006.name.en, "Vieraan yksikön kysely", "Vieras pyyntö", foreignCase.reference, "Vieraan yksikön palaute", "Vieraan yksikön vastaus",
                                "johto@esimerkkila.fi"]
        return world
    }

    static func withoutTransferList(_ html: String) -> String {
        guard let start = html.range(of: #"<datalist id="transfer-units">"#), let end = html.range(of: "</datalist>", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return String(html[..<start.lowerBound] + html[end.upperBound...])
    }

    /// The page's main content, without the layout (whose language links repeat the path).
    static func main(of html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
