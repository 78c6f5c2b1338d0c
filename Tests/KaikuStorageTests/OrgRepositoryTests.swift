import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Testing

@Suite struct OrgRepositoryTests {
    let now = TestDatabase.start
    var today: CalendarDay { CalendarDay(now) }

    @Test func importsTheDemoTreeWithPaths() async throws {
        try await TestDatabase.with { db in
            let repository = OrgRepository(db.sql)
            let plan = try await db.transaction { [today, now] sql in try await OrgRepository(sql).apply(DemoCounty.nodes(), today: today, now: now) }
            #expect(plan.creates.count == DemoCounty.nodes().count)
            let all = try await repository.all()
            #expect(all.count == 197)
            let unit = try #require(try await repository.node(code: "ESIM-U002"))
            let ancestors = try await repository.ancestors(of: unit)
            #expect(ancestors.map(\.code) == ["ESIM", "ESIM-TER", "ESIM-TER-TA"])
            #expect(unit.path.hasPrefix(ancestors.last!.path))
            #expect(try await repository.children(of: unit.id).count == 2)
            #expect(unit.spec.parentCode == "ESIM-TER-TA")
        }
    }

    @Test func syncUpdatesMovesAndClosesButNeverDeletes() async throws {
        try await TestDatabase.with { db in
            let repository = OrgRepository(db.sql)
            _ = try await repository.apply(DemoCounty.nodes(), today: today, now: now)
            var nodes = DemoCounty.nodes()
            // Move unit U001 (with its service points) under another result area, rename it, drop U060.
            let index = nodes.firstIndex { $0.code == "ESIM-U001" }!
            nodes[index].parentCode = "ESIM-SOS-AIK"
            nodes[index].name.fi = "Uusi nimi"
            nodes.removeAll { $0.code == "ESIM-U060" || $0.parentCode == "ESIM-U060" }
            let plan = try await repository.apply(nodes, today: today, now: now)
            #expect(plan.updates.map(\.code) == ["ESIM-U001"])
            #expect(Set(plan.closes.map(\.code)).count == 3)
            let moved = try #require(try await repository.node(code: "ESIM-U001"))
            let area = try #require(try await repository.node(code: "ESIM-SOS-AIK"))
            #expect(moved.path == area.path + moved.id + "/")
            for child in try await repository.children(of: moved.id) { #expect(child.path.hasPrefix(moved.path)) }
            let closed = try #require(try await repository.node(code: "ESIM-U060"))
            #expect(closed.spec.validTo == today.adding(days: -1))
            #expect(!closed.spec.isActive(on: today))
            #expect(try await repository.count() == 197)
            // Running the same file again changes nothing.
            let again = try await repository.apply(nodes, today: today, now: now)
            #expect(again.isEmpty)
        }
    }

    @Test func searchFindsAnyLanguageWithinScope() async throws {
        try await TestDatabase.with { db in
            let repository = OrgRepository(db.sql)
            _ = try await repository.apply(DemoCounty.nodes(), today: today, now: now)
            // The unit and its two service points, whose names start with the unit's.
            let strand = try await repository.search("strand hälsostation").map(\.code).sorted()
            #expect(strand == ["100021", "100022", "ESIM-U002"])
            #expect(try await repository.search("RANTALA HEALTH CENTRE").count == 3)
            #expect(try await repository.search("ÄNGEN").isEmpty)
            #expect(try await repository.search("JÄRVELÄN NEUVOLA").count == 3)
            #expect(try await repository.search("esim-u00").count == 9)
            let area = try #require(try await repository.node(code: "ESIM-TER-SUU"))
            let inScope = try await repository.search("", within: [area.path])
            #expect(inScope.count == 1 + 5 + 10)
            #expect(try await repository.search("%").isEmpty)
            #expect(try await repository.search("x", within: []).isEmpty)
        }
    }
}
