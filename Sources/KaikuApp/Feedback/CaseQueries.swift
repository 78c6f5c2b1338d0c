import Foundation
import KaikuCore
import KaikuStorage

/// What a handler's pages show, read within their reach: one query per page.
extension FeedbackService {
    /// One case with everything its page names: the timeline, the people and units in it, the
    /// reply phrases, the service area, and the text's analysis.
    public struct CaseFile: Sendable {
        public let feedbackCase: FeedbackCase
        /// False for a colleague the case was shared with: they read and comment.
        public let handles: Bool
        public let timeline: [FeedbackRepository.Event]
        /// Email addresses of the people the page names, by id.
        public let emails: [String: String]
        public let nodes: [String: OrgNode]
        public let phrases: [PhraseRepository.Phrase]
        public let area: ServiceArea?
        public let analysis: TextRepository.Analysis?
        /// The units a handler may transfer the case to (active, not service points), by name.
        public let transferTargets: [OrgNode]
    }

    public func caseFile(_ id: String?, by actor: Actor, analytics: TextAnalytics) async throws -> CaseFile {
        let sql = database.sql
        let (c, handles) = try await Reach(sql, actor).feedbackCase(id)
        let org = OrgRepository(sql)
        let timeline = try await FeedbackRepository(sql).events(caseID: c.id)
        let nodes = Dictionary(uniqueKeysWithValues: try await org.nodes(ids: [c.targetNodeID, c.handlingNodeID]).map { ($0.id, $0) })
        // Analysed now if the background job has not come to this case yet; a page without it is
        // better than no page when the language tools are missing.
        let analysis = try? await analytics.analysis(of: .init(type: .case, id: c.id), text: c.body, language: c.language,
                                                     nodePath: nodes[c.handlingNodeID]?.path ?? "")
        let people = Set(timeline.compactMap(\.actorID) + [c.recordedBy, c.assigneeID, analysis?.correctedBy].compactMap { $0 })
        let today = CalendarDay(clock.now())
        let targets = handles ? try await org.all().filter { $0.level != .servicePoint && $0.spec.isActive(on: today) }
            .sorted { $0.name.fi.localizedStandardCompare($1.name.fi) == .orderedAscending } : []
        return CaseFile(feedbackCase: c, handles: handles, timeline: timeline, emails: try await UserRepository(sql).emails(ids: people),
                        nodes: nodes, phrases: try await PhraseRepository(sql).list(activeOnly: true),
                        area: try await ServiceAreaRepository(sql).find(id: c.serviceAreaID), analysis: analysis, transferTargets: targets)
    }

    /// The handler's inbox: cases in their handler scope and shared with them, the units they
    /// name, and the service-promise adherence of each scope.
    public struct Inbox: Sendable {
        public let cases: [FeedbackCase]
        public let units: [String: OrgNode]
        public let adherence: [(scope: OrgNode, counts: FeedbackRepository.Adherence)]
    }

    /// `unitCode` narrows the list to a unit in the handler's scope (another is ignored).
    public func inbox(_ filter: FeedbackRepository.InboxFilter, unitCode: String, by actor: Actor) async throws -> Inbox {
        let sql = database.sql
        guard let me = actor.id else { throw OutOfReach() }
        var filter = filter
        filter.nodePath = unitCode.isEmpty ? nil : try? await Reach(sql, actor).node(code: unitCode, as: [.handler]).path
        let now = clock.now()
        let paths = actor.policy.scopePaths(for: .handler)
        let cases = try await FeedbackRepository(sql).inbox(paths: paths, userID: me, filter: filter, now: now)
        let org = OrgRepository(sql)
        let units = Dictionary(uniqueKeysWithValues: try await org.nodes(ids: Array(Set(cases.map(\.targetNodeID)))).map { ($0.id, $0) })
        var adherence: [(OrgNode, FeedbackRepository.Adherence)] = []
        for scope in try await org.nodes(ids: paths.compactMap { OrgPath.ids(in: $0).last }) {
            adherence.append((scope, try await FeedbackRepository(sql).adherence(path: scope.path, now: now)))
        }
        return Inbox(cases: cases, units: units, adherence: adherence)
    }

    /// What waits for a handler, for the front page: new cases and open cases past their due time
    /// in their handler scope. Nil for anyone who handles nothing.
    public func waiting(by actor: Actor) async throws -> FeedbackRepository.Waiting? {
        let paths = actor.policy.scopePaths(for: .handler)
        guard actor.id != nil, !paths.isEmpty else { return nil }
        return try await FeedbackRepository(database.sql).waiting(paths: paths, now: clock.now())
    }
}
