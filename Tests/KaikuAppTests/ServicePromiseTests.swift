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

    /// Issue 27, item 2, end to end: with the customer's agreement the case goes to the county's
    /// objection handlers and its registry (the feedback, never the contact), is decided there,
    /// and the report counts it apart.
    @Test func anObjectionIsHandedOverTrackedAndReportedApart() async throws {
        try await UseCaseWorld.with { world in
            // The real texts, to read what the registry gets.
            let feedback = FeedbackService(database: world.database, catalog: try Catalog.bundled(), clock: world.clock, publicURL: "https://kaiku.test")
            let handler = try await world.actor("kasittelija@esimerkkila.fi")
            let admin = try await world.actor("paakayttaja@esimerkkila.fi")
            let settings = CountySettings(database: world.database, clock: world.clock)
            let c = try await Self.submit(world, wantsReply: true, email: "asiakas@example.fi")
            // Set up by the admin (the demo has its registry): while nothing is set the hand-off is refused.
            try await settings.setFormalHandling(email: "", nodeCode: "", by: admin)
            await #expect(throws: FeedbackService.ActionError.invalid("case_error_formal_unset")) {
                try await feedback.perform(.escalate(.objection, note: "Muistutus hoidosta.", customerAgreed: true), on: c.id, by: handler)
            }
            await #expect(throws: Refused.self) { try await settings.setFormalHandling(email: "ei osoite", nodeCode: "", by: admin) }
            await #expect(throws: OutOfReach.self) { try await settings.setFormalHandling(email: "kirjaamo@esimerkkila.fi", nodeCode: "", by: handler) }
            try await settings.setFormalHandling(email: "kirjaamo@esimerkkila.fi", nodeCode: "ESIM-TER", by: admin)
            // Without the customer's agreement, nothing changes.
            await #expect(throws: FeedbackService.ActionError.invalid("case_error_formal_consent")) {
                try await feedback.perform(.escalate(.objection, note: "Muistutus hoidosta.", customerAgreed: false), on: c.id, by: handler)
            }
            #expect(try await FeedbackRepository(world.database.sql).find(id: c.id)?.formalProcess == nil)

            try await feedback.perform(.escalate(.objection, note: "Muistutus hoidosta.", customerAgreed: true), on: c.id, by: handler)
            let handed = try #require(try await FeedbackRepository(world.database.sql).find(id: c.id))
            let objectionNode = try await world.node("ESIM-TER")
            // The node's handlers take it, or the nearest above with handlers (here the county's coordinator), notified.
            #expect(handed.formalStatus == .handedOver && objectionNode.path.hasPrefix(handed.handlingPath))
            #expect(try await world.outbox().contains { $0.recipient == "palautekoordinaattori@esimerkkila.fi" })
            let registry = try #require(try await world.outbox().first { $0.recipient == "kirjaamo@esimerkkila.fi" })
            #expect(registry.body.contains("Jonotin pitkään.") && registry.body.contains("Muistutus hoidosta.") && !registry.body.contains("asiakas@example.fi"))

            // The objection handlers decide it; the report counts it apart.
            let objectionHandler = try await world.actor("palautekoordinaattori@esimerkkila.fi")
            try await feedback.perform(.formalDecision(note: "Vastattu muistutukseen kirjeellä."), on: c.id, by: objectionHandler)
            #expect(try await FeedbackRepository(world.database.sql).find(id: c.id)?.formalStatus == .decided)
            let day = CalendarDay(world.clock.now())
            let report = try await Reports(database: world.database).feedback(nodeCode: "ESIM", period: try #require(ReportPeriod(from: day, to: day)),
                                                                               reader: .commandLine, now: world.clock.now())
            #expect(report.total.formalHandedOver[.objection] == 1 && report.total.formalDecided[.objection] == 1)
        }
    }
}

