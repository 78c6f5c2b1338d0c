import Foundation
import KaikuCore
import KaikuStorage

/// Personal links made by hand (`kaiku survey link`, as an invitation would carry): counted as
/// invitations, made in one transaction with an audit entry that records how many, never the links.
public struct PersonalLinks: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// `count` single-use links to the survey coded `surveyCode` at the unit coded `unitCode`,
    /// valid `days` days, as full addresses under `baseURL`.
    public func make(surveyCode: String, unitCode: String, channel: Channel, language: Language, background: SurveyRepository.Background,
                     days: Int, count: Int, baseURL: String, by actor: Actor) async throws -> [String] {
        guard (1...10_000).contains(count), (1...365).contains(days) else { throw Refused("link_error_count") }
        let now = clock.now()
        return try await database.transaction { db in
            let surveys = SurveyRepository(db)
            guard let survey = try await surveys.survey(code: surveyCode) else { throw Refused("report_error_survey", ["code": surveyCode]) }
            guard let node = try await OrgRepository(db).node(code: unitCode) else { throw Refused("report_error_node", ["code": unitCode]) }
            var links: [String] = []
            for _ in 0..<count {
                let token = try await surveys.createLink(surveyID: survey.id, node: node, channel: channel, language: language, background: background,
                                                         expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400), now: now)
                links.append(baseURL + PublicPaths.personalSurvey(token))
            }
            try await AuditRepository(db).record(.surveyLinksMade, by: actor, target: ("survey", survey.id),
                                                 detail: "\(count) \(channel.rawValue) links at \(node.code)", now: now)
            return links
        }
    }
}
