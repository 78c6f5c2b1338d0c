import Foundation
import KaikuCore
import KaikuStorage

/// Registering and revoking kiosks (tablets on site), each with its audit entry. The caller has
/// checked that the unit is in the admin's scope and the survey runs there.
public struct Kiosks: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// Returns the device's secret token, for its link; shown once.
    public func register(name: String, unit: OrgNode, survey: SurveyRepository.Survey, by actor: Actor) async throws -> String {
        let now = clock.now()
        return try await database.transaction { db in
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
