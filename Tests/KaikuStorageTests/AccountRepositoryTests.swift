import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

@Suite struct AccountRepositoryTests {
    let now = TestDatabase.start

    @Test func usersGrantsAndFailures() async throws {
        try await TestDatabase.with { db in
            let org = OrgRepository(db.sql)
            _ = try await org.apply(DemoCounty.nodes(), today: CalendarDay(now), now: now)
            let unit = try #require(try await org.node(code: "ESIM-U002"))
            let users = UserRepository(db.sql)
            let user = try await users.create(email: " Kalle@Esimerkkila.FI", displayName: "Kalle", passwordHash: "h", mustChangePassword: true, now: now)
            #expect(user.email == "kalle@esimerkkila.fi")
            #expect(try await users.find(email: "KALLE@esimerkkila.fi")?.id == user.id)
            #expect(try await users.find(email: "kalle@esimerkkila.fi")?.mustChangePassword == true)
            #expect(try await users.addGrant(userID: user.id, role: .handler, nodeID: unit.id, now: now))
            #expect(try await !users.addGrant(userID: user.id, role: .handler, nodeID: unit.id, now: now))
            let grants = try await users.grants(userID: user.id)
            #expect(grants.map(\.grant) == [Grant(role: .handler, scopeNodeID: unit.id, scopePath: unit.path)])
            try await users.removeGrant(id: grants[0].id)
            #expect(try await users.grants(userID: user.id).isEmpty)

            #expect(try await users.recordFailure(email: "Kalle@esimerkkila.fi", now: now) == 1)
            #expect(try await users.recordFailure(email: "kalle@esimerkkila.fi", now: now) == 2)
            #expect(try await users.failures(email: "kalle@esimerkkila.fi").count == 2)
            try await users.clearFailures(email: "kalle@esimerkkila.fi")
            #expect(try await users.failures(email: "kalle@esimerkkila.fi").count == 0)
        }
    }

    @Test func sessionsStoreOnlyAHashAndExpire() async throws {
        try await TestDatabase.with { db in
            let user = try await UserRepository(db.sql).create(email: "a@b.fi", displayName: "A", passwordHash: "h", mustChangePassword: false, now: now)
            let sessions = SessionRepository(db.sql)
            let (token, session) = try await sessions.create(userID: user.id, now: now, lifetime: 3600)
            let stored = try await db.sql.raw("SELECT token_hash FROM sessions").all()
            #expect(try stored.first?.decode(column: "token_hash", as: String.self) == SessionRepository.hash(token))
            #expect(try await sessions.find(token: token, now: now.addingTimeInterval(10), lifetime: 3600) == session)
            // Activity extends the session.
            #expect(try await sessions.find(token: token, now: now.addingTimeInterval(3000), lifetime: 3600) != nil)
            #expect(try await sessions.find(token: token, now: now.addingTimeInterval(6000), lifetime: 3600) != nil)
            #expect(try await sessions.find(token: token, now: now.addingTimeInterval(20000), lifetime: 3600) == nil)
            #expect(try await sessions.find(token: "forged", now: now, lifetime: 3600) == nil)
            #expect(try await sessions.deleteExpired(now: now.addingTimeInterval(20000)) == 1)
        }
    }

    @Test func pagesUpsert() async throws {
        try await TestDatabase.with { db in
            let pages = PageRepository(db.sql)
            try await pages.save(slug: "privacy", language: .sv, title: "T", body: "B1", by: nil, now: now)
            try await pages.save(slug: "privacy", language: .sv, title: "T2", body: "B2", by: nil, now: now)
            #expect(try await pages.page(slug: "privacy", language: .sv)?.body == "B2")
            #expect(try await pages.page(slug: "privacy", language: .fi) == nil)
        }
    }

    @Test func auditFilters() async throws {
        try await TestDatabase.with { db in
            let audit = AuditRepository(db.sql)
            try await audit.record(.login, by: .init(id: "u1", email: "a@b.fi"), target: ("user", "u1"), now: now)
            try await audit.record(.loginFailed, by: .init(id: nil, email: "x@b.fi"), now: now.addingTimeInterval(86400))
            #expect(try await audit.list().map(\.action) == ["login_failed", "login"])
            #expect(try await audit.list(.init(action: "login")).count == 1)
            #expect(try await audit.list(.init(actor: "X@B.FI")).count == 1)
            #expect(try await audit.list(.init(target: "u1")).count == 1)
            #expect(try await audit.list(.init(from: now.addingTimeInterval(3600))).count == 1)
            #expect(try await audit.list(limit: 1, offset: 1).map(\.action) == ["login"])
        }
    }

    @Test func jobsRunOnceAndRetryWithBackoff() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(db)
            try await queue.enqueue(kind: "k", runAt: now, uniqueKey: "k:1", now: now)
            try await queue.enqueue(kind: "k", runAt: now, uniqueKey: "k:1", now: now)
            #expect(try await queue.pendingCount() == 1)
            let job = try #require(try await queue.lease(worker: "w1", now: now, lease: 60))
            #expect(try await queue.lease(worker: "w2", now: now, lease: 60) == nil)
            try await queue.fail(job, error: "down", now: now)
            #expect(try await queue.lease(worker: "w2", now: now.addingTimeInterval(5), lease: 60) == nil)
            let retry = try #require(try await queue.lease(worker: "w2", now: now.addingTimeInterval(30), lease: 60))
            #expect(retry.attempts == 2)
            // A lease that runs out makes the job due again (a crashed worker).
            let taken = try #require(try await queue.lease(worker: "w3", now: now.addingTimeInterval(100), lease: 60))
            try await queue.complete(taken, now: now.addingTimeInterval(101))
            #expect(try await queue.pendingCount() == 0)
            #expect(try await queue.lease(worker: "w3", now: now.addingTimeInterval(1000), lease: 60) == nil)
        }
    }
}
