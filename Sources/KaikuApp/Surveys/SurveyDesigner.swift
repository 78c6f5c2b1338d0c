import Foundation
import KaikuCore
import KaikuStorage

/// What the survey designer's pages show, read within the admin's reach: one query per page.
extension SurveyDesigning {
    public struct Designer: Sendable {
        public let survey: SurveyRepository.Survey
        /// Every unit the survey runs in (the settings field), and those a read-only viewer may
        /// see named (their own).
        public let targets: [OrgNode]
        public let shownTargets: [OrgNode]
        public let isReadOnly: Bool
        public let version: SurveyRepository.Version
        public let versionHasAnswers: Bool
        public let responses: Int
        public let readiness: Readiness
        /// The names the overlap warnings use: other surveys by id, units by id.
        public let surveyNames: [String: LocalizedText]
        public let units: [String: OrgNode]
        /// The request the survey was made from, if any.
        public let origin: SurveyRequestRepository.Request?
    }

    public func designer(surveyID: String?, by actor: Actor) async throws -> Designer {
        let sql = database.sql
        let scoped = try await Reach(sql, actor).survey(surveyID, needs: .read)
        let survey = scoped.survey
        let repository = SurveyRepository(sql)
        guard let version = try await repository.latestVersion(surveyID: survey.id) else { throw OutOfReach() }
        let readiness = try await readiness(survey)
        let others = readiness.overlaps.isEmpty ? [] : try await repository.all()
        let units = try await OrgRepository(sql).nodes(ids: readiness.overlaps.compactMap { OrgPath.ids(in: $0.path).last })
        return Designer(survey: survey, targets: scoped.targets,
                        shownTargets: scoped.isReadOnly ? scoped.targets.filter { actor.policy.touches([.admin], nodeAt: $0.path) } : scoped.targets,
                        isReadOnly: scoped.isReadOnly, version: version,
                        versionHasAnswers: try await repository.responseCount(versionID: version.id) > 0,
                        responses: try await repository.responseCount(surveyID: survey.id), readiness: readiness,
                        surveyNames: Dictionary(others.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                        units: Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                        origin: try await SurveyRequestRepository(sql).find(surveyID: survey.id))
    }

    /// Preview and test show the survey as its first target unit in the admin's own scope would
    /// (so a read-only viewer is not shown another unit's name); nothing is stored.
    public func preview(surveyID: String?, by actor: Actor) async throws -> SurveyService.Target {
        let scoped = try await Reach(database.sql, actor).survey(surveyID, needs: .read)
        guard let version = try await SurveyRepository(database.sql).latestVersion(surveyID: scoped.survey.id) else { throw OutOfReach() }
        let node = scoped.targets.first { actor.policy.allows(.admin, onNodeAt: $0.path) }
            ?? scoped.targets.first { actor.policy.touches([.admin], nodeAt: $0.path) }
            ?? OrgNode(id: "", parentID: nil, path: "/", spec: OrgNodeSpec(code: "", parentCode: nil, level: .unit, name: LocalizedText(fi: "—", sv: "—", en: "—")))
        return SurveyService.Target(survey: scoped.survey, version: version, node: node, channel: .web, language: nil, background: .init())
    }
}
