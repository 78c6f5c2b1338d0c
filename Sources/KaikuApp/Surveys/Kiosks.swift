import Foundation
import KaikuCore
import KaikuStorage

/// Registering and revoking kiosks (tablets on site), each with its audit entry; the admin's
/// reach and the survey's running at the unit are checked here, in the registering transaction.
public struct Kiosks: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// Returns the device's secret token, for its link; shown once.
    /// Refused (`kiosk_error`) for an empty or overlong name, a unit outside the admin's reach, or
    /// a survey that does not run at the unit.
    public func register(name: String, unitCode: String, surveyCode: String, by actor: Actor) async throws -> String {
        let policy = actor.policy
        guard !name.isEmpty, name.count <= 200 else { throw Refused("kiosk_error") }
        let now = clock.now()
        return try await database.transaction { db in
            let surveys = SurveyRepository(db)
            guard let unit = try await OrgRepository(db).node(code: unitCode), policy.access(toNodeAt: unit.path) == .manage,
                  let survey = try await surveys.survey(code: surveyCode), try await surveys.runs(surveyID: survey.id, at: unit) else {
                throw Refused("kiosk_error")
            }
            let token = try await KioskRepository(db).register(name: name, nodeID: unit.id, surveyID: survey.id, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("kiosk", name), detail: "registered for \(unit.code)", now: now)
            return token
        }
    }

    /// Revokes a kiosk in the admin's scope: its link stops working at once.
    public func revoke(deviceID: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            let kiosk = try await Reach(db, actor).kiosk(deviceID)
            try await KioskRepository(db).revoke(id: kiosk.device.id, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("kiosk", kiosk.device.id), detail: "revoked", now: now)
        }
    }

    /// The kiosks in the admin's scope, and the surveys they may register one for.
    public func list(by actor: Actor) async throws -> (kiosks: [KioskRepository.Listing], surveys: [SurveyRepository.Survey]) {
        (try await KioskRepository(database.sql).within(paths: actor.policy.scopePaths(for: .admin)),
         try await Reach(database.sql, actor).surveysRunning(as: [.admin]))
    }
}
