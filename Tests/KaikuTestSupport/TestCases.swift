import Foundation
import KaikuCore
import KaikuStorage

/// Feedback cases as if handled over the past days, for report tests.
public enum TestCases {
    /// A case at the unit `code`, received `daysAgo` days before `now`, answered `answeredAfter`
    /// days later (open when nil), with the effects a handler recorded. The customer asked for the reply.
    public static func handled(_ database: KaikuDatabase, at code: String, _ kind: FeedbackKind, daysAgo: Double, answeredAfter: Double?,
                               effects: [FeedbackEffect] = [], description: String = "", body: String = "Palaute", now: Date) async throws {
        guard let unit = try await OrgRepository(database.sql).node(code: code),
              let area = try await ServiceAreaRepository(database.sql).list().first else { throw TestCaseError.missing(code) }
        let received = now.addingTimeInterval(-daysAgo * 86_400)
        let answeredAt = answeredAfter.map { received.addingTimeInterval($0 * 86_400) }
        var c = FeedbackCase(
            id: Identifier.make(at: received), reference: ReferenceNumber.make(at: received), serviceAreaID: area.id, targetNodeID: unit.id,
            handlingNodeID: unit.id, handlingPath: unit.path, isTriage: false, kind: kind, status: answeredAt == nil ? .inProgress : .closed,
            source: .web, recordingChannel: nil, recordedBy: nil, language: .fi, body: body, wantsReply: true, hasContact: false,
            assigneeID: nil, receivedAt: received, dueAt: ServicePromise().due(receivedAt: received), answeredAt: answeredAt)
        c.effects = effects
        c.effectDescription = description
        let saved = c
        try await database.transaction { db in
            _ = try await FeedbackRepository(db).insert(saved, email: "", phone: "", submissionKey: nil, now: received)
            try await FeedbackRepository(db).save(saved, now: received)
        }
    }

    public enum TestCaseError: Error { case missing(String) }
}
