import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import KaikuWeb
import NIOCore
import Testing

/// A running application on a fresh test database with the demo county loaded.
struct TestApp {
    let services: AppServices
    let clock: ManualClock
    let routes: [StaffRoute]

    static let catalog: Catalog = try! Catalog.bundled()

    static func with(loadDemo: Bool = true, maxBodySize: Int = 64 * 1024,
                     configure: @Sendable (inout AppConfiguration) -> Void = { _ in },
                     _ body: @escaping @Sendable (TestApp, Browser) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            let clock = ManualClock(TestDatabase.start)
            var configuration = AppConfiguration()
            configuration.maxBodySize = maxBodySize
            configuration.runsJobs = false
            configure(&configuration)
            var throttle = LoginThrottle()
            throttle.delayPerFailure = 0
            let passwords = PasswordHasher(cost: 4)
            // Each app its own language packs: a test that adds a language does not add it to the others'.
            let renderer = try await ViewRenderer(templatesDirectory: KaikuResources.templatesDirectory, catalog: Catalog(strings: catalog.strings))
            let services = AppServices(database: database, renderer: renderer, clock: clock, configuration: configuration,
                                       throttle: throttle, passwords: passwords)
            if loadDemo {
                _ = try await DemoLoader(database: database, passwords: passwords, clock: clock).load()
            }
            let (router, routes) = buildRouter(services: services, metrics: nil)
            let app = Application(router: router)
            let testApp = TestApp(services: services, clock: clock, routes: routes)
            try await app.test(.router) { client in
                try await body(testApp, Browser(client: client))
            }
        }
    }

    func node(_ code: String) async throws -> OrgNode {
        try #require(try await OrgRepository(services.database.sql).node(code: code))
    }

    func user(_ email: String) async throws -> User {
        try #require(try await UserRepository(services.database.sql).find(email: email))
    }

    func audit(_ action: AuditAction) async throws -> [AuditEntry] {
        try await AuditRepository(services.database.sql).list(.init(action: action.rawValue))
    }
}

/// Talks to the app as a browser would: keeps cookies, remembers the CSRF token of the last page.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf = ""

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, headers: headers, body: nil)
    }

    /// Posts a url-encoded form; the remembered CSRF token is added unless `csrf` is given.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil) async throws -> Page {
        var all = fields
        all.append(("_csrf", csrf ?? self.csrf))
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await post(path, raw: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func post(_ path: String, raw: [UInt8], contentType: String) async throws -> Page {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return try await send(path, method: .post, headers: headers, body: ByteBuffer(bytes: raw))
    }

    /// Logs in after opening the login page, as a person would.
    @discardableResult
    func login(_ email: String, _ password: String = DemoCounty.password) async throws -> Page {
        try await get("/login")
        return try await post("/login", [("email", email), ("password", password)])
    }

    func forgetCookies() { cookies = [:] }

    private func send(_ path: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        let text = String(buffer: response.body)
        if let range = text.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(text[range].split(separator: "\"")[3])
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
