import Foundation
import KaikuCore
import KaikuStorage

/// Keys for integrations that post answers and visits: made and revoked with an audit entry, in
/// one transaction each, for whoever calls (today the command line).
public struct ApiKeys: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// A new key for the integration `name`, posting for the units under `scopeCodes` to the
    /// surveys `surveyCodes`; returned once, stored only as a hash.
    public func create(name: String, scopeCodes: [String], surveyCodes: [String], by actor: Actor) async throws -> String {
        guard actor.policy.isCountyAdmin else { throw OutOfReach() }
        guard !name.isEmpty, name.count <= 64 else { throw Refused("apikey_error_name") }
        guard !scopeCodes.isEmpty, !surveyCodes.isEmpty else { throw Refused("apikey_error_reach") }
        let now = clock.now()
        return try await database.transaction { db in
            var nodeIDs: [String] = []
            for code in scopeCodes {
                guard let node = try await OrgRepository(db).node(code: code) else { throw Refused("report_error_node", ["code": code]) }
                nodeIDs.append(node.id)
            }
            for code in surveyCodes where try await SurveyRepository(db).survey(code: code) == nil {
                throw Refused("report_error_survey", ["code": code])
            }
            let key = try await ApiKeyRepository(db).create(name: name, scopeNodeIDs: nodeIDs, surveyCodes: surveyCodes, now: now)
            try await AuditRepository(db).record(.apiKeyCreated, by: actor, target: ("api_key", name),
                                                 detail: "units \(scopeCodes.joined(separator: ",")) surveys \(surveyCodes.joined(separator: ","))", now: now)
            return key
        }
    }

    public func revoke(name: String, by actor: Actor) async throws {
        guard actor.policy.isCountyAdmin else { throw OutOfReach() }
        let now = clock.now()
        try await database.transaction { db in
            try await ApiKeyRepository(db).revoke(name: name, now: now)
            try await AuditRepository(db).record(.apiKeyRevoked, by: actor, target: ("api_key", name), now: now)
        }
    }

    /// The integration whose valid, unrevoked key a request carries.
    public func integration(key: String) async throws -> ApiKeyRepository.Integration? {
        try await ApiKeyRepository(database.sql).integration(key: key)
    }

    /// Whether an integration's key covers the unit and survey it posts to.
    public func reaches(_ integration: ApiKeyRepository.Integration, unitCode: String, surveyCode: String) async throws -> Bool {
        guard integration.surveyCodes.contains(surveyCode), let node = try await OrgRepository(database.sql).node(code: unitCode) else { return false }
        return try await scope(of: integration).contains { node.path.hasPrefix($0) }
    }

    /// The subtrees (paths) an integration may send answers and visits for.
    public func scope(of integration: ApiKeyRepository.Integration) async throws -> [String] {
        try await OrgRepository(database.sql).nodes(ids: integration.scopeNodeIDs).map(\.path)
    }
}
