import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuWeb
import Logging
import SQLKit
import Testing

@Suite struct JobRunnerTests {
    @Test func periodicJobsRunOncePerPeriod() async throws {
        try await TestApp.with { app, browser in
            try await browser.login("paakayttaja@esimerkkila.fi")
            let database = app.services.database
            let jobs = StandardJobs(database: database, feedback: app.services.feedback, reportMailing: app.services.reportMailing,
                                    sms: app.services.smsDispatch, clock: app.clock)
            let runner = JobRunner(database: database, clock: app.clock, logger: Logger(label: "test"), handler: jobs.run)
            try await runner.schedulePeriodic()
            try await runner.schedulePeriodic()
            #expect(try await JobQueue(database).pendingCount() == JobKind.allCases.count)
            var runs = 0
            while try await runner.runOne() { runs += 1 }
            #expect(runs == JobKind.allCases.count)
            // A day later the idle session has expired; the next period's run removes it.
            app.clock.advance(by: 86_400)
            try await runner.schedulePeriodic()
            while try await runner.runOne() {}
            let left = try await database.sql.raw("SELECT COUNT(*) AS n FROM sessions").first()?.decode(column: "n", as: Int.self)
            #expect(left == 0)
        }
    }

    @Test func changingOnesPasswordEndsOtherSessions() async throws {
        try await TestApp.with { app, browser in
            let other = Browser(client: browser.client)
            try await other.login("johto@esimerkkila.fi")
            try await browser.login("johto@esimerkkila.fi")
            try await browser.get("/staff/password")
            let changed = try await browser.post("/staff/password", [("current", DemoCounty.password), ("new", "uusi-johdon-salasana"),
                                                                    ("repeat", "uusi-johdon-salasana")])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/staff").status == .ok)
            #expect(try await other.get("/staff").status == .seeOther)
        }
    }
}
