import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// Issue 27, item 1: the service promise is kept only by a reply sent or a contact recorded, never
/// by closing; cases that asked for no reply stand apart, and those closed without the reply they
/// asked for are counted against the promise and listed for the handlers.
@Suite struct ServicePromiseTests {
    static func submit(_ world: UseCaseWorld, wantsReply: Bool, email: String = "", phone: String = "") async throws -> FeedbackCase {
        let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
        let area = try #require(try await ServiceAreaRepository(world.database.sql).list().first { $0.code == "terveysasemat" })
        return try await feedback.submit(FeedbackSubmission(serviceAreaID: area.id, unitID: try await world.node("ESIM-U002").id, kind: .criticism,
                                                            text: "Jonotin pitkään.", wantsReply: wantsReply, email: email, phone: phone,
                                                            language: .fi),
                                         submissionKey: nil)
    }

    @Test func closingIsNotAnsweringAndCasesWithoutAReplyRequestStandApart() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let handler = try await world.actor("kasittelija@esimerkkila.fi")  // handles ESIM-U002
            let day = CalendarDay(world.clock.now())
            let period = try #require(ReportPeriod(from: day, to: day))
            let reports = Reports(database: world.database)
            let before = try await reports.feedback(nodeCode: "ESIM-U002", period: period, reader: .commandLine, now: world.clock.now()).total

            let replied = try await Self.submit(world, wantsReply: true, email: "asiakas@example.fi")
            let met = try await Self.submit(world, wantsReply: true, phone: "0401234567")
            let closedOnly = try await Self.submit(world, wantsReply: true, phone: "0401234568")
            let noReply = try await Self.submit(world, wantsReply: false)
            try await feedback.perform(.reply(text: "Pahoittelemme jonoa."), on: replied.id, by: handler)
            try await feedback.perform(.contacted(.meeting, note: "Tapasimme."), on: met.id, by: handler)
            for id in [replied.id, met.id, closedOnly.id, noReply.id] { try await feedback.perform(.close, on: id, by: handler) }

            let after = try await reports.feedback(nodeCode: "ESIM-U002", period: period, reader: .commandLine, now: world.clock.now()).total
            #expect(after.answeredOnTime == before.answeredOnTime + 2)
            #expect(after.closedWithoutReply == before.closedWithoutReply + 1)
            #expect(after.noReplyRequested == before.noReplyRequested + 1)
            let stored = try #require(try await FeedbackRepository(world.database.sql).find(id: closedOnly.id))
            #expect(stored.status == .closed && stored.answeredAt == nil)

            var filter = FeedbackRepository.InboxFilter()
            filter.closedWithoutReply = true
            let listed = try await feedback.inbox(filter, unitCode: "", by: handler).cases.map(\.id)
            #expect(listed.contains(closedOnly.id) && !listed.contains(replied.id) && !listed.contains(noReply.id) && !listed.contains(met.id))
        }
    }

    /// Cases closed before the rule lost the answered time closing gave them; answered ones keep theirs.
    @Test func theMigrationTakesBackTheAnswersClosingGave() async throws {
        try await UseCaseWorld.with { world in
            let feedback = FeedbackService(database: world.database, catalog: world.catalog, clock: world.clock, publicURL: "https://kaiku.test")
            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            let closedOnly = try await Self.submit(world, wantsReply: true, phone: "0401234568")
            let phoned = try await Self.submit(world, wantsReply: true, phone: "0401234569")
            try await feedback.perform(.contacted(.phone, note: ""), on: phoned.id, by: handler)
            for id in [closedOnly.id, phoned.id] { try await feedback.perform(.close, on: id, by: handler) }
            let sql = world.database.sql
            try await sql.raw("UPDATE feedback_cases SET answered_at = closed_at WHERE id = \(bind: closedOnly.id)").run()
            try await sql.raw("DELETE FROM schema_migrations WHERE number = 17").run()
            #expect(try await MigrationRunner(database: world.database).migrate() == [17])
            let repository = FeedbackRepository(sql)
            #expect(try await repository.find(id: closedOnly.id)?.answeredAt == nil)
            #expect(try await repository.find(id: phoned.id)?.answeredAt != nil)
        }
    }
}
