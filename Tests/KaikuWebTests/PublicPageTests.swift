import Foundation
import HTTPTypes
import HummingbirdTesting
import KaikuApp
import KaikuCore
@testable import KaikuWeb
import KaikuStorage
import SQLKit
import Testing

@Suite struct PublicPageTests {
    @Test func languageComesFromQueryThenCookieThenBrowser() async throws {
        try await TestApp.with { _, browser in
            var page = try await browser.get("/", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(page.body.contains(#"<html lang="en">"#))
            page = try await browser.get("/?lang=sv")
            #expect(page.body.contains(#"<html lang="sv">"#))
            #expect(page.body.contains("Din respons hjälper oss"))
            #expect(browser.cookies["kaiku_lang"] == "sv")
            // The cookie now wins over the browser's preference.
            page = try await browser.get("/accessibility", headers: [.acceptLanguage: "en"])
            #expect(page.body.contains(#"<html lang="sv">"#))
            #expect(page.body.contains("Tillgänglighetsutlåtande"))
        }
    }

    @Test func languageSwitchKeepsThePageAndItsQuery() async throws {
        try await TestApp.with { _, browser in
            let page = try await browser.get("/privacy?x=1&lang=fi")
            #expect(page.body.contains(#"href="/privacy?x=1&amp;lang=sv""#))
            #expect(page.body.contains(#"href="/privacy?x=1&amp;lang=en""#))
            #expect(page.body.contains(#"aria-current="true">Suomi"#))
        }
    }

    @Test func publicPagesInThreeLanguagesLinkTheStatements() async throws {
        try await TestApp.with { _, browser in
            for language in Language.shipped {
                for path in ["/", "/accessibility", "/privacy", "/login"] {
                    let page = try await browser.get("\(path)?lang=\(language.rawValue)")
                    #expect(page.status == .ok, "\(path) \(language)")
                    #expect(page.body.contains(#"href="/accessibility""#))
                    #expect(page.body.contains(#"href="/privacy""#))
                    #expect(page.body.contains(##"class="skip-link" href="#main""##))
                    #expect(!page.body.contains("⟦"), "untranslated text on \(path) \(language)")
                }
            }
        }
    }

    @Test func unknownRouteIsATranslatedPageWithoutDetails() async throws {
        try await TestApp.with { _, browser in
            let page = try await browser.get("/no/such/page?lang=en")
            #expect(page.status == .notFound)
            #expect(page.body.contains("The page was not found"))
            let sv = try await browser.get("/no/such/page?lang=sv")
            #expect(sv.body.contains("Sidan hittades inte"))
        }
    }

    @Test func healthAndMetrics() async throws {
        try await TestApp.with(configure: { $0.metricsToken = "scrape-secret-1" }) { app, browser in
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.body.contains(#""database":"\#(app.services.database.kind.rawValue)""#))
            // Metrics need the token (or, without one, a scraper on loopback: Tests/system/test_proxy.py).
            #expect(try await browser.get("/metrics").status == .notFound)
            #expect(try await browser.get("/metrics", headers: [.authorization: "Bearer wrong"]).status == .notFound)
            #expect(try await browser.get("/metrics", headers: [.authorization: "Bearer scrape-secret-1"]).status == .ok)
        }
    }

    /// Without a token, metrics go to a scraper on this machine only: any header a proxy adds,
    /// `X-Real-IP` alone included, refuses them (disclosure control, finding 6).
    @Test(arguments: ["Forwarded", "X-Forwarded-For", "X-Real-IP", "Via", "True-Client-IP", "CF-Connecting-IP"])
    func metricsAreRefusedThroughAProxy(_ header: String) {
        #expect(PublicRoutes.mayReadMetrics([:], peer: "127.0.0.1", token: nil))
        #expect(!PublicRoutes.mayReadMetrics([:], peer: "10.0.0.7", token: nil))
        #expect(!PublicRoutes.mayReadMetrics([HTTPField.Name(header)!: "203.0.113.9"], peer: "127.0.0.1", token: nil))
        #expect(!PublicRoutes.mayReadMetrics([HTTPField.Name(header)!: "203.0.113.9"], peer: "127.0.0.1", token: "secret"))
        #expect(PublicRoutes.mayReadMetrics([.authorization: "Bearer secret"], peer: "203.0.113.9", token: "secret"))
    }

    /// Ready while the schema is this build's and the process is not stopping; alive meanwhile.
    @Test func readinessDrainsAndFollowsTheSchema() async throws {
        try await TestApp.with(loadDemo: false) { app, browser in
            #expect(try await browser.get("/readyz").status == .ok)
            app.services.readiness.drain()
            let draining = try await browser.get("/readyz")
            #expect(draining.status == .serviceUnavailable && draining.body.contains("stopping"))
            #expect(try await browser.get("/healthz").status == .ok)
        }
        try await TestApp.with(loadDemo: false) { app, browser in
            let last = try #require(Migrations.all.last).number
            try await app.services.database.sql.raw("DELETE FROM schema_migrations WHERE number = \(bind: last)").run()
            let behind = try await browser.get("/readyz")
            #expect(behind.status == .serviceUnavailable && behind.body.contains("schema behind"))
        }
    }

    @Test func securityHeaders() async throws {
        try await TestApp.with { _, browser in
            let page = try await browser.get("/")
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        }
    }

    @Test func adminEditedStatementIsShown() async throws {
        try await TestApp.with { _, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            try await browser.get("/admin/pages/accessibility")
            var fields: [(String, String)] = []
            for language in Language.shipped {
                fields.append(("title_\(language.rawValue)", "Statement \(language.rawValue)"))
                fields.append(("body_\(language.rawValue)", "# Feedback\n\nWrite to a11y-\(language.rawValue)@example.fi\n\n- <script>alert(1)</script>"))
            }
            let saved = try await browser.post("/admin/pages/accessibility", fields)
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/accessibility?lang=sv")
            #expect(page.body.contains("<h1>Statement sv</h1>"))
            #expect(page.body.contains("a11y-sv@example.fi"))
            #expect(page.body.contains("&lt;script&gt;"))
            #expect(!page.body.contains("<script>alert"))
            // A missing language is refused with nothing saved.
            try await browser.get("/admin/pages/privacy")
            let refused = try await browser.post("/admin/pages/privacy", [("title_fi", "Vain suomi"), ("body_fi", "teksti")])
            #expect(refused.status == .unprocessableContent)
            #expect(try await browser.get("/privacy?lang=fi").body.contains("Rekisterinpitäjä"))
        }
    }
}
