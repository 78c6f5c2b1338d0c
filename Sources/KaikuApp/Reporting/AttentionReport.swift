import Foundation
import KaikuCore
import KaikuStorage

extension Reports {
    /// Every node of a subtree in one table, for "where are we below target, and what are
    /// customers saying there?": each node's NPS with its interval, target and gap, the previous
    /// period and the change, the SMS response rate and the topics of its negative open answers,
    /// flagged nodes first (`Attention`). Every figure passes the disclosure plan like the rest
    /// of the reports: a hidden node shows nothing and is never flagged.
    public struct AttentionList: Sendable {
        public let survey: SurveyRepository.Survey
        public let node: OrgNode
        public let period: ReportPeriod
        public let previousPeriod: ReportPeriod
        /// The NPS question the list is about; nil when the survey has none (then no figures).
        public let question: Question?
        public let rows: [Attention.Row]

        public var flagged: [Attention.Row] { rows.filter(\.isFlagged) }
    }

    /// How many topics a row names.
    static let attentionTopics = 3

    public func attention(surveyCode: String, nodeCode: String, period: ReportPeriod, reader: Reader) async throws -> AttentionList {
        let (survey, version, root) = try await resolve(surveyCode: surveyCode, nodeCode: nodeCode, reader: reader)
        return try await attention(survey, version, root, period: period, plan: try await plan(for: period, survey: survey, node: root, reader: reader))
    }

    func attention(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, _ root: OrgNode, period: ReportPeriod,
                   plan: DisclosurePlan?) async throws -> AttentionList {
        let previous = period.previous
        let nodes = [root] + (try await OrgRepository(database.sql).nodes(within: [root.path])).filter { $0.id != root.id }
        let question = version.definition.questions.first { $0.type == .nps }
        var figures: [String: (responses: Int, now: NPSFigure?, before: NPSFigure?, hidden: Bool)] = [:]
        let reports = ReportRepository(database.sql)
        let ids = nodes.map(\.id)
        let now = try await reports.totals(surveyID: survey.id, nodeIDs: ids, from: period.from, to: period.to)
        let before = try await reports.totals(surveyID: survey.id, nodeIDs: ids, from: previous.from, to: previous.to)
        for node in nodes {
            let responses = now[node.id]?[Rollups.responsesKey]?.answers ?? 0
            let hidden = try await attentionHidden(node, question: question, period: period, answers: responses, plan: plan)
            let previousAnswers = before[node.id]?[Rollups.responsesKey]?.answers ?? 0
            let previousHidden = try await attentionHidden(node, question: question, period: previous, answers: previousAnswers,
                                                           plan: previous.isLattice ? plan : nil)
            figures[node.id] = (responses, question.flatMap { now[node.id]?[$0.key] }.flatMap(NPSFigure.init),
                                previousHidden ? nil : question.flatMap { before[node.id]?[$0.key] }.flatMap(NPSFigure.init), hidden)
        }
        let targets = try await attentionTargets(survey, nodes: nodes, questionKey: question?.key, on: period.to)
        let rates = try await attentionRates(survey, nodes: nodes, period: period, plan: plan)
        let topics = try await negativeTopics(survey, version, root: root, nodes: nodes, period: period, plan: plan)
        let rows = nodes.map { node in
            let figure = figures[node.id]
            return Attention.Row(node: node, responses: figure?.responses ?? 0, figure: figure?.now, target: targets[node.id],
                                 previous: figure?.before, responseRate: rates[node.id], negativeTopics: topics[node.id] ?? [],
                                 suppressed: figure?.hidden ?? true)
        }
        return AttentionList(survey: survey, node: root, period: period, previousPeriod: previous, question: question, rows: Attention.ordered(rows))
    }

    /// A node's figures are hidden when the plan hides its responses or its NPS answers, or (over
    /// days of one's own) when there are too few.
    func attentionHidden(_ node: OrgNode, question: Question?, period: ReportPeriod, answers: Int, plan: DisclosurePlan?) async throws -> Bool {
        guard let plan else { return answers > 0 && !rule.allowsFigures(answers: answers) }
        if try await plan.hidden(.responses, node: node, period: period)[0] { return true }
        guard let question else { return false }
        return try await plan.hidden(.question(question.key), node: node, period: period)[0]
    }

    /// Each node's NPS target on the period's last day, set at the node or its nearest ancestor.
    func attentionTargets(_ survey: SurveyRepository.Survey, nodes: [OrgNode], questionKey: String?, on day: CalendarDay) async throws -> [String: Double] {
        guard let questionKey else { return [:] }
        let pathIDs = Set(nodes.flatMap { OrgPath.ids(in: $0.path) })
        let all = try await TargetRepository(database.sql).targets(surveyID: survey.id, nodeIDs: Array(pathIDs))
        guard !all.isEmpty else { return [:] }
        var result: [String: Double] = [:]
        for node in nodes {
            result[node.id] = ReportTarget.applicable(all, pathIDs: OrgPath.ids(in: node.path), on: day)[questionKey]?.value
        }
        return result
    }

    /// SMS answers over SMS invitations per node, where the SMS channel's count may be shown.
    func attentionRates(_ survey: SurveyRepository.Survey, nodes: [OrgNode], period: ReportPeriod, plan: DisclosurePlan?) async throws -> [String: Double] {
        try await rates(survey, nodes: nodes, period: period, plan: plan, channel: .sms).mapValues(\.percent)
    }

    /// A channel's answers over its invitations per node, where the channel's count may be shown
    /// (the plan's channel table; over other days, the anonymity rule) and there were invitations.
    func rates(_ survey: SurveyRepository.Survey, nodes: [OrgNode], period: ReportPeriod, plan: DisclosurePlan?,
               channel: Channel) async throws -> [String: ResponseRate] {
        let reports = ReportRepository(database.sql)
        let invited = try await reports.invitationsByNode(surveyID: survey.id, nodeIDs: nodes.map(\.id), from: period.from, to: period.to, channel: channel)
        guard !invited.isEmpty else { return [:] }
        var answered: [String: Int] = [:]
        if period.isLattice {
            let months = try await reports.planBuckets(surveyID: survey.id, nodeIDs: Array(invited.keys), dimension: .channel, months: period.months,
                                                       questionKey: Rollups.responsesKey)
            for (nodeID, byMonth) in months {
                answered[nodeID] = byMonth.values.map { $0[channel.rawValue] ?? 0 }.reduce(0, +)
            }
        } else {
            for node in nodes where invited[node.id] != nil {
                answered[node.id] = try await breakdownCounts(survey.id, node, .channel, period)[channel.rawValue]?[Rollups.responsesKey]?.answers ?? 0
            }
        }
        let bucket = Self.buckets(.channel).firstIndex(of: channel.rawValue) ?? 0
        var rates: [String: ResponseRate] = [:]
        for node in nodes {
            guard let invitations = invited[node.id], invitations > 0, let answers = answered[node.id], rule.allowsFigures(answers: answers) else { continue }
            if let plan, try await plan.hidden(.dimension(.channel), node: node, period: period)[bucket] { continue }
            rates[node.id] = ResponseRate(answers: answers, invitations: invitations)
        }
        return rates
    }

    /// Response rates per unit and channel in one table: the node and its children, each
    /// channel that sent invitations in the period (personal links by SMS or email).
    public struct RateTable: Sendable {
        public let channels: [Channel]
        /// The node first, then its children by code; a missing rate is hidden or had no invitations.
        public let rows: [(node: OrgNode, rates: [Channel: ResponseRate])]
    }

    func rateTable(_ survey: SurveyRepository.Survey, _ node: OrgNode, period: ReportPeriod, plan: DisclosurePlan?) async throws -> RateTable? {
        let nodes = [node] + (try await OrgRepository(database.sql).children(of: node.id)).sorted { $0.code < $1.code }
        var byChannel: [Channel: [String: ResponseRate]] = [:]
        for channel in [Channel.sms, .email] {
            let rates = try await rates(survey, nodes: nodes, period: period, plan: plan, channel: channel)
            if !rates.isEmpty { byChannel[channel] = rates }
        }
        guard !byChannel.isEmpty else { return nil }
        let channels = Channel.allCases.filter { byChannel[$0] != nil }
        return RateTable(channels: channels, rows: nodes.map { member in
            (member, Dictionary(uniqueKeysWithValues: channels.compactMap { channel in byChannel[channel]?[member.id].map { (channel, $0) } }))
        })
    }

    /// The topics with the most negative open answers per node, counted only where the node's
    /// texts may be listed, and only topics large enough to show (`topics`' rules).
    func negativeTopics(_ survey: SurveyRepository.Survey, _ version: SurveyRepository.Version, root: OrgNode, nodes: [OrgNode],
                        period: ReportPeriod, plan: DisclosurePlan?) async throws -> [String: [Topic]] {
        var negative: [String: [Topic: Int]] = [:]
        for question in version.definition.questions where question.type == .freeText {
            let byPath = try await TextRepository(database.sql).topicCountsByPath(surveyID: survey.id, nodePath: root.path, from: period.from,
                                                                                 to: period.to, questionKey: question.key)
            guard !byPath.isEmpty else { continue }
            for node in nodes {
                if let plan, try await plan.hidden(.texts(question.key), node: node, period: period)[0] { continue }
                let counts = byPath.filter { $0.path.hasPrefix(node.path) }.map(\.count)
                for topic in Set(counts.map(\.topic)) {
                    let rows = counts.filter { $0.topic == topic }
                    func count(_ sentiments: Set<Sentiment>) -> Int { rows.filter { sentiments.contains($0.sentiment) }.map(\.count).reduce(0, +) }
                    let parts = [count([.positive]), count([.negative]), count([.neutral, .mixed])]
                    guard rule.allowsFigures(answers: parts.reduce(0, +)), !rule.hidden(sizes: parts).contains(1), parts[1] > 0 else { continue }
                    negative[node.id, default: [:]][topic, default: 0] += parts[1]
                }
            }
        }
        return negative.mapValues { counts in
            Array(counts.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.prefix(Self.attentionTopics).map(\.key))
        }
    }
}
