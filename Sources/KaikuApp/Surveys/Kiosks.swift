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
    public func register(name: String, unitCode: String, surveyCode: String, policy: AccessPolicy, by actor: Actor) async throws -> String {
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

    public func revoke(_ device: KioskRepository.Device, by actor: Actor) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await KioskRepository(db).revoke(id: device.id, now: now)
            try await AuditRepository(db).record(.settingsChanged, by: actor, target: ("kiosk", device.id), detail: "revoked", now: now)
        }
    }
}
