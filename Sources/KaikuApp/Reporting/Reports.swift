import Foundation
import KaikuCore
import KaikuStorage

/// Figures for managers, read from rollups: the one implementation behind the portal, the
/// exports, the API, the monthly emails and `kaiku report`. Every figure passes the disclosure
/// plan (or, over days of a county admin's own, the anonymity rule) here, so no caller can show a
/// small group by forgetting to. The view's other parts: ReportTrend (trend and response rate),
/// ReportOpenAnswers, ReportTopics, ReportDigest, NationalExport, FeedbackReports.
public struct Reports: Sendable {
    let database: KaikuDatabase
    public let rule: AnonymityRule
    /// Periods that have not ended yet are not shown (docs/SECURITY.md, "Disclosure control").
    let today: CalendarDay

    /// The languages the county's public pages offer: the language breakdown lists those (and
    /// "other" when one is not counted apart), not the Sámi rows of a county without them. Nil lists
    /// every row. Decided by configuration, not by the counts, so a row's absence tells nothing.
    let offeredLanguages: [Language]?

    public init(database: KaikuDatabase, rule: AnonymityRule = .standard, today: CalendarDay = CalendarDay(Date()),
                offeredLanguages: [Language]? = nil) {
        self.database = database
        self.rule = rule
        self.today = today
        self.offeredLanguages = offeredLanguages
    }

    /// The language breakdown's rows the county offers (`offeredLanguages`).
    func offered(_ groups: [GroupResult], _ breakdown: ReportBreakdown?) -> [GroupResult] {
        guard breakdown == .dimension(.language), let offered = offeredLanguages?.map(\.reportBucket) else { return groups }
        return groups.filter { offered.contains($0.key) }
    }

    /// Who is reading: a person (their grants apply, and they are named in the audit log) or the
    /// operator at the command line.
    public typealias Reader = Actor

    /// How a report's period is read: a calendar month, quarter or year by the disclosure plan,
    /// which every reader shares; any other days only by a reader who may ask for them, each time
    /// audited, with the anonymity rule applied to that request alone.
    func plan(for period: ReportPeriod, survey: SurveyRepository.Survey, node: OrgNode, reader: Reader) async throws -> DisclosurePlan? {
        if period.isLattice { return DisclosurePlan(database: database, surveyID: survey.id, rule: rule, today: today) }
        // Days of one's own: the operator and county admins, every person's request audited (docs/SECURITY.md).
        guard Self.mayAskAnyDays(reader) else { throw Refused("report_error_period") }
        if !reader.policy.isOperator {
            try await AuditRepository(database.sql).record(.reportDaysRead, by: reader, target: ("org_node", node.id),
                                                           detail: "\(survey.code) \(period.from)–\(period.to)", now: Date())
        }
        return nil
    }

    /// The node and survey a report is about, when the reader may read the node; unknown codes
    /// and nodes outside the reader's scope are refused alike.
    func resolve(surveyCode: String, nodeCode: String, reader: Reader) async throws -> (SurveyRepository.Survey, SurveyRepository.Version, OrgNode) {
        let db = database.sql
        let node = try await resolve(nodeCode: nodeCode, reader: reader)
        guard let survey = try await SurveyRepository(db).survey(code: surveyCode),
              Self.mayRead(survey, targets: try await SurveyRepository(db).targetPaths(surveyID: survey.id), reader),
              let version = try await SurveyRepository(db).latestVersion(surveyID: survey.id) else {
            throw Refused("report_error_survey", ["code": surveyCode])
        }
        return (survey, version, node)
    }

    /// The node a report is about, when the reader may read it; an unknown code and a node outside
    /// the reader's scope are refused alike.
    func resolve(nodeCode: String, reader: Reader) async throws -> OrgNode {
        guard let node = try await OrgRepository(database.sql).node(code: nodeCode), Self.mayRead(node, reader) else {
            throw Refused("report_error_node", ["code": nodeCode])
        }
        return node
    }

    /// The nodes a reader may pick (the subtrees of their report-reading grants, no service
    /// points), in tree order.
    public func nodes(reader: Reader) async throws -> [OrgNode] {
        try await OrgRepository(database.sql).nodes(within: reader.policy.reportScopePaths)
    }

    /// Where a reader's reports start: the top of their widest grant.
    public func home(reader: Reader) async throws -> OrgNode? {
        let top = reader.policy.reportScopePaths.first
        return try await OrgRepository(database.sql).node(id: top.flatMap { OrgPath.ids(in: $0).last } ?? "")
    }

    /// Whether a reader may ask for days that are not a calendar month, quarter or year.
    public static func mayAskAnyDays(_ reader: Reader) -> Bool { reader.policy.isCountyAdmin }

    /// The surveys a reader may pick: published or closed ones that are national or run somewhere
    /// in, or above, the reader's scope. (Another unit's own survey is not even named.)
    public func surveys(reader: Reader) async throws -> [SurveyRepository.Survey] {
        let repository = SurveyRepository(database.sql)
        let targets = try await repository.targetPathsBySurvey()
        return try await repository.all().filter { $0.status != .draft && Self.mayRead($0, targets: targets[$0.id] ?? [], reader) }
    }

    static func mayRead(_ survey: SurveyRepository.Survey, targets: [String], _ reader: Reader) -> Bool {
        reader.policy.isOperator || survey.isNational || targets.contains { reader.policy.touches(Role.reportReaders, nodeAt: $0) }
    }

    public func summary(surveyCode: String, nodeCode: String, period: ReportPeriod, by breakdown: ReportBreakdown?,
                        only filter: ReportFilter? = nil, reader: Reader) async throws -> SummaryReport {
        let (survey, version, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        let plan = try await plan(for: period, survey: survey, node: node, reader: reader)
        if let filter { return try await summary(survey, version, node, period: period, only: filter, by: breakdown, plan: plan) }
        return try await summary(survey, version, node, period: period, by: breakdown, plan: plan)
    }

    /// What the portal shows for one view: the figures (with a breakdown), the previous period,
    /// the parent node when the reader may see it, the twelve-month trend and the SMS response
    /// rate — the node and survey resolved and checked once.
    public struct Dashboard: Sendable {
        public let summary: SummaryReport
        public let previous: SummaryReport
        public let parent: SummaryReport?
        public let trend: [TrendPoint]
        public let rate: ResponseRate?
        /// When the period's figures are hidden: the smallest wider period (its quarter or year)
        /// whose figures are shown.
        public let wider: ReportPeriod?
        /// The topics of each open question's answers, where they may be shown.
        public let topics: [TopicSection]
        /// Response rates of the node and its children per channel that sent invitations.
        public let rates: RateTable?
        /// The one background value the figures are narrowed to, if any.
        public var filter: ReportFilter? = nil
    }

    /// One open question's topics over the smallest period whose texts may be shown (the one
    /// asked for, or its quarter or year when it has too few), with the period before it for
    /// the change in each topic's negative share.
    public struct TopicSection: Sendable {
        public let question: Question
        public let period: ReportPeriod
        public let rows: [TopicRow]
        /// The period before `period`, by topic; a topic missing here was not shown then.
        public let previous: [Topic: TopicRow]
    }

    public func dashboard(surveyCode: String, nodeCode: String, period: ReportPeriod, by breakdown: ReportBreakdown?,
                          only filter: ReportFilter? = nil, reader: Reader) async throws -> Dashboard {
        let (survey, version, node) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        let plan = try await plan(for: period, survey: survey, node: node, reader: reader)
        if let filter {
            return try await filteredDashboard(survey, version, node, period: period, only: filter, by: breakdown, plan: plan, reader: reader)
        }
        var parent: SummaryReport?
        if let parentNode = try await readableParent(of: node, reader: reader) {
            parent = try await summary(survey, version, parentNode, period: period, by: nil, plan: plan)
        }
        let summary = try await summary(survey, version, node, period: period, by: breakdown, plan: plan)
        var wider: ReportPeriod?
        if summary.total.suppressed, let plan, let larger = period.wider {
            wider = try await plan.smallestShown(.responses, node: node, from: larger)
        }
        var topics: [TopicSection] = []
        for question in version.definition.questions where question.type == .freeText {
            var shown: ReportPeriod? = period
            if let plan { shown = try await plan.nearestShown(.texts(question.key), node: node, from: period) }
            guard let shown else { continue }
            let rows = try await self.topics(survey, node, period: shown, questionKey: question.key, plan: plan)
            guard !rows.isEmpty else { continue }
            let before = try await self.topics(survey, node, period: shown.previous, questionKey: question.key, plan: plan)
            topics.append(TopicSection(question: question, period: shown, rows: rows,
                                       previous: Dictionary(before.map { ($0.topic, $0) }) { first, _ in first }))
        }
        // The node's own SMS rate is the table's first row: read once.
        let rates = try await rateTable(survey, node, period: period, plan: plan)
        return Dashboard(summary: summary,
                         previous: try await self.summary(survey, version, node, period: period.previous, by: nil, plan: plan), parent: parent,
                         trend: try await trend(survey, version, node, period: period, plan: plan),
                         rate: rates?.rows.first?.rates[.sms], wider: wider, topics: topics, rates: rates)
    }

    /// With a plan (a calendar period), every group's figures are shown or hidden as the plan
    /// decided them; without one (any days, for readers who may ask for them) by this request's
    /// counts alone.
    func summary(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, _ node: OrgNode, period: ReportPeriod,
                 by breakdown: ReportBreakdown?, plan: DisclosurePlan?) async throws -> SummaryReport {
        let db = database.sql
        let reports = ReportRepository(db)
        let totalCounts = try await reports.totals(surveyID: survey.id, nodeIDs: [node.id], from: period.from, to: period.to)[node.id] ?? [:]
        let questions = version.definition.questions
        var totalHidden = false
        var totalHiddenQuestions: Set<String> = []
        if let plan {
            totalHidden = try await plan.hidden(.responses, node: node, period: period)[0]
            for question in questions where try await plan.hidden(.question(question.key), node: node, period: period)[0] {
                totalHiddenQuestions.insert(question.key)
            }
        }
        let total = group(key: "", node: node, counts: totalCounts, questions: questions, hiddenResponses: totalHidden,
                          hiddenQuestions: totalHiddenQuestions)
        let targets = try await self.targets(surveyID: survey.id, node: node, on: period.to)
        guard let breakdown else {
            return SummaryReport(survey: survey, node: node, period: period, breakdown: nil, total: total, groups: [], rule: rule, targets: targets)
        }
        var parts: [(key: String, node: OrgNode?, counts: [String: ValueCounts])] = []
        // With a plan: per part, whether its responses are hidden and which questions.
        var planned: [(responses: Bool, questions: Set<String>)] = []
        switch breakdown {
        case .childUnits:
            let children = try await OrgRepository(db).children(of: node.id).sorted { $0.code < $1.code }
            let counts = try await reports.totals(surveyID: survey.id, nodeIDs: children.map(\.id), from: period.from, to: period.to)
            parts = children.map { ($0.id, $0, counts[$0.id] ?? [:]) }
            if let plan {
                let responses = try await plan.childrenHidden(.responses, of: node, period: period)
                var byQuestion: [String: [String: [Bool]]] = [:]
                for question in questions { byQuestion[question.key] = try await plan.childrenHidden(.question(question.key), of: node, period: period) }
                planned = children.map { child in
                    (responses[child.id]?[0] ?? true, Set(questions.map(\.key).filter { byQuestion[$0]?[child.id]?[0] ?? true }))
                }
            }
        case .dimension(let dimension):
            let counts = try await breakdownCounts(survey.id, node, dimension, period)
            parts = Self.buckets(dimension).map { ($0, nil, counts[$0] ?? [:]) }
            if let plan {
                let responses = try await plan.hidden(.dimension(dimension), node: node, period: period)
                var byQuestion: [String: [Bool]] = [:]
                for question in questions {
                    byQuestion[question.key] = try await plan.hidden(.questionByDimension(question.key, dimension), node: node, period: period)
                }
                planned = parts.indices.map { index in
                    (responses[index], Set(questions.map(\.key).filter { byQuestion[$0]?[index] ?? true }))
                }
            }
        }
        if !planned.isEmpty {
            let groups = parts.enumerated().map { index, part in
                group(key: part.key, node: part.node, counts: part.counts, questions: questions,
                      hiddenResponses: planned[index].responses || total.suppressed, hiddenQuestions: planned[index].questions)
            }
            return SummaryReport(survey: survey, node: node, period: period, breakdown: breakdown, total: total, groups: offered(groups, breakdown),
                                 rule: rule, targets: targets)
        }
        // What the groups do not cover (answers given at the node itself, not in a child) is
        // never shown, and counts as hidden when deciding what else must be hidden.
        var residual = totalCounts
        for part in parts { for (key, counts) in part.counts { residual[key] = (residual[key] ?? ValueCounts()).subtracting(counts) } }
        let all = parts.map(\.counts) + [residual]
        let (hiddenGroups, hiddenQuestions) = hidden(all, questions: questions, alwaysHidden: [parts.count])
        let groups = parts.enumerated().map { index, part in
            group(key: part.key, node: part.node, counts: part.counts, questions: questions,
                  hiddenResponses: hiddenGroups.contains(index) || total.suppressed, hiddenQuestions: hiddenQuestions[index] ?? [])
        }
        return SummaryReport(survey: survey, node: node, period: period, breakdown: breakdown, total: total, groups: offered(groups, breakdown),
                             rule: rule, targets: targets)
    }

    /// The targets for a node on a day, set at the node or inherited from its nearest ancestor.
    func targets(surveyID: String, node: OrgNode, on day: CalendarDay) async throws -> [String: AppliedTarget] {
        let pathIDs = OrgPath.ids(in: node.path)
        let applicable = ReportTarget.applicable(try await TargetRepository(database.sql).targets(surveyID: surveyID, nodeIDs: pathIDs),
                                                 pathIDs: pathIDs, on: day)
        guard !applicable.isEmpty else { return [:] }
        let nodes = Dictionary(try await OrgRepository(database.sql).nodes(ids: applicable.values.map(\.nodeID)).map { ($0.id, $0) }) { a, _ in a }
        return applicable.compactMapValues { target in nodes[target.nodeID].map { AppliedTarget(target: target, node: $0) } }
    }

    /// Which parts of a partition are hidden as a whole (too few responses), and which questions
    /// within the rest (too few answers to that question), by `AnonymityRule.hidden`.
    func hidden(_ parts: [[String: ValueCounts]], questions: [Question], alwaysHidden: Set<Int>) -> (Set<Int>, [Int: Set<String>]) {
        let groups = rule.hidden(sizes: parts.map { $0[Rollups.responsesKey]?.answers ?? 0 }, alwaysHidden: alwaysHidden)
        var byQuestion: [Int: Set<String>] = [:]
        for question in questions {
            for index in rule.hidden(sizes: parts.map { $0[question.key]?.answers ?? 0 }, alwaysHidden: alwaysHidden.union(groups)) {
                byQuestion[index, default: []].insert(question.key)
            }
        }
        return (groups, byQuestion)
    }

    /// Every bucket of a variable, the unknown one ("") last, so that a table always lists the same rows.
    static func buckets(_ dimension: ReportDimension) -> [String] {
        let known: [String] = switch dimension {
        case .ageBand: AgeBand.allCases.map(\.rawValue)
        case .language: (Language.shipped + Language.reportedApart).map(\.rawValue)
        case .channel: Channel.allCases.map(\.rawValue)
        case .contactType: ContactType.allCases.map(\.rawValue)
        case .callType: CallType.allCases.map(\.rawValue)
        case .respondent: Respondent.allCases.map(\.rawValue)
        case .variant: SurveyVariant.allCases.map(\.rawValue)
        case .assistance: Assistance.allCases.map(\.rawValue)
        }
        // Every response has a channel, a variant and an assistance; the others may be unknown
        // (a language a county added and reports do not count apart is "other").
        return known + ([.channel, .variant, .assistance].contains(dimension) ? [] : [""])
    }

    static func mayRead(_ node: OrgNode, _ reader: Reader) -> Bool {
        reader.policy.mayReadReports(onNodeAt: node.path)
    }

    /// The node's parent when the reader may read it too (for comparisons); nil at the top.
    func readableParent(of node: OrgNode, reader: Reader) async throws -> OrgNode? {
        guard let parentID = node.parentID, let parent = try await OrgRepository(database.sql).node(id: parentID), Self.mayRead(parent, reader) else {
            return nil
        }
        return parent
    }

    /// Breakdown counts over the period: whole months from the monthly rollups, the days of
    /// months the period covers only in part recomputed from the answers of those days.
    func breakdownCounts(_ surveyID: String, _ node: OrgNode, _ dimension: ReportDimension,
                         _ period: ReportPeriod) async throws -> [String: [String: ValueCounts]] {
        let reports = ReportRepository(database.sql)
        var counts = try await reports.breakdown(surveyID: surveyID, nodeID: node.id, dimension: dimension, months: period.wholeMonths)
        for range in period.partialRanges {
            let increments = try await reports.recompute(surveyID: surveyID, nodePath: node.path, from: range.from, to: range.to)
            for (key, count) in increments.months where key.nodeID == node.id && key.dimension == dimension {
                counts[key.bucket, default: [:]][key.questionKey, default: ValueCounts()][key.value] += count
            }
        }
        return counts
    }

    func group(key: String, node: OrgNode?, counts: [String: ValueCounts], questions: [Question],
               hiddenResponses: Bool, hiddenQuestions: Set<String>) -> GroupResult {
        let responses = counts[Rollups.responsesKey]?.answers ?? 0
        let suppressed = hiddenResponses || (responses > 0 && !rule.allowsFigures(answers: responses))
        let results = questions.map { question in
            let questionCounts = counts[question.key] ?? ValueCounts()
            let hidden = suppressed || hiddenQuestions.contains(question.key)
                || (questionCounts.answers > 0 && !rule.allowsFigures(answers: questionCounts.answers))
            return QuestionResult(question: question, answers: hidden ? 0 : questionCounts.answers,
                                  figure: hidden ? nil : QuestionFigure.make(question, questionCounts), suppressed: hidden)
        }
        return GroupResult(key: key, node: node, responses: suppressed ? 0 : responses, suppressed: suppressed, questions: results)
    }
}
