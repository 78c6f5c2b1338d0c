import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// The survey designer's changes: create a draft, change its settings and targets, save edited
/// questions (a new version once the old one has answers), publish and close. Each one
/// transaction with its audit entry; the designer page has checked the admin's reach and the
/// rules (`SurveyDesign`, `SurveyDefinition.problems`).
public struct SurveyDesigning: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// A new draft with an empty first version; returns its id.
    public func create(code: String, kind: SurveyKind, settings: SurveyRepository.Settings, ownerPath: String?, by actor: Actor) async throws -> String {
        let now = clock.now()
        return try await database.transaction { db in
            try await Self.create(code: code, kind: kind, settings: settings, ownerPath: ownerPath, detail: "created \(code)", by: actor, now: now, db)
        }
    }

    /// A survey made and audited inside the caller's transaction: the one way a survey comes to
    /// be, from the designer or from an accepted request.
    static func create(code: String, kind: SurveyKind, settings: SurveyRepository.Settings, ownerPath: String?, detail: String, by actor: Actor,
                       now: Date, _ db: any SQLDatabase) async throws -> String {
        let id = try await SurveyRepository(db).create(code: code, kind: kind, settings: settings, ownerPath: ownerPath, now: now)
        try await AuditRepository(db).record(.surveyChanged, by: actor, target: ("survey", id), detail: detail, now: now)
        return id
    }

    public func updateSettings(_ survey: SurveyRepository.Survey, _ settings: SurveyRepository.Settings, targetIDs: [String], by actor: Actor) async throws {
        try await change(survey, detail: "settings \(Channel.codes(settings.channels)) targets=\(targetIDs.count)", by: actor) { db, now in
            try await SurveyRepository(db).update(surveyID: survey.id, settings, now: now)
            try await SurveyRepository(db).setTargets(surveyID: survey.id, nodeIDs: targetIDs)
        }
    }

    /// Saves edited questions; `detail` says what changed, for the audit log.
    public func saveQuestions(_ survey: SurveyRepository.Survey, _ definition: SurveyDefinition, detail: String, by actor: Actor) async throws {
        try await change(survey, detail: detail, by: actor) { db, now in
            try await SurveyRepository(db).saveDefinition(surveyID: survey.id, definition, now: now)
        }
    }

    /// Publishes; `ignoredOverlaps` is how many overlapping surveys the admin confirmed.
    public func publish(_ survey: SurveyRepository.Survey, ignoredOverlaps: Int, by actor: Actor) async throws {
        try await change(survey, detail: "published" + (ignoredOverlaps == 0 ? "" : " despite \(ignoredOverlaps) overlaps"), by: actor) { db, now in
            try await SurveyRepository(db).setStatus(surveyID: survey.id, .published, now: now)
        }
    }

    public func close(_ survey: SurveyRepository.Survey, by actor: Actor) async throws {
        try await change(survey, detail: "closed", by: actor) { db, now in
            try await SurveyRepository(db).setStatus(surveyID: survey.id, .closed, now: now)
        }
    }

    func change(_ survey: SurveyRepository.Survey, detail: String, by actor: Actor,
                _ body: @escaping @Sendable (any SQLDatabase, Date) async throws -> Void) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await body(db, now)
            try await AuditRepository(db).record(.surveyChanged, by: actor, target: ("survey", survey.id), detail: detail, now: now)
        }
    }
}
