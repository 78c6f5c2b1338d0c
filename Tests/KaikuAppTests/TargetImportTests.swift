import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// Issue 27, item 15: targets in bulk from a CSV, with the same checks as one at a time; one bad
/// row refuses the whole file, naming the row, and nothing changes.
@Suite struct TargetImportTests {
    static func count(_ world: UseCaseWorld) async throws -> Int {
        try await TargetRepository(world.database.sql).all().count
    }

    @Test func targetsAreSetInBulkWithTheSameChecksAsOneAtATime() async throws {
        try await UseCaseWorld.with { world in
            let targets = ReportTargets(database: world.database, clock: world.clock)
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let before = try await Self.count(world)
            // A spreadsheet's semicolons and decimal commas; a quarter, a month, and days.
            let good = """
                node;survey;question;period;value
                ESIM-U002;thl-national;thl.nps;2027;62,5
                ESIM-U001;thl-national;thl.nps;2027-Q2;55

                ESIM-TER;thl-national;thl.nps;2027-05;70
                """
            #expect(try await targets.importCSV(good, by: admin) == 3)
            #expect(try await Self.count(world) == before + 3)
            #expect(try await world.audit(.reportTargetChanged).count == 3)
            let days = "node,survey,question,from,to,value\nESIM-U003,thl-national,thl.nps,2027-01-01,2027-06-30,58\n"
            #expect(try await targets.importCSV(days, by: admin) == 1)

            // A bad row refuses the file: each row's problems, nothing set.
            let bad = """
                node,survey,question,period,value
                ESIM-U002,thl-national,thl.nps,2028,60
                EI-OLE,thl-national,thl.nps,2028,60
                ESIM-U002,thl-national,thl.nps,2028-13,150
                """
            await #expect(throws: Refused([.init("target_import_line", ["line": "3"]), .init("report_error_node", ["code": "EI-OLE"]),
                                          .init("target_import_line", ["line": "4"]), .init("target_error_period"),
                                          .init("target_error_value", ["low": "-100", "high": "100"])])) {
                try await targets.importCSV(bad, by: admin)
            }
            await #expect(throws: Refused("target_import_header")) { try await targets.importCSV("a,b\n1,2", by: admin) }
            await #expect(throws: Refused("target_import_empty")) { try await targets.importCSV("node,survey,question,period,value\n", by: admin) }
            #expect(try await Self.count(world) == before + 4)

            // A unit's admin sets targets only in their unit, as one at a time.
            let unitAdmin = try await world.actor("kasittelija@esimerkkila.fi")
            await #expect(throws: Refused.self) { try await targets.importCSV(good, by: unitAdmin) }
            #expect(try await Self.count(world) == before + 4)
        }
    }
}
