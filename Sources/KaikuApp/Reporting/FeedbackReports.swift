import Foundation
import KaikuCore
import KaikuStorage

/// Free-form feedback of a node over a period: counts by kind, unit and service area, handling
/// time and promise adherence, and what the feedback led to — the seeds' main complaint was that
/// this had to be looked up case by case.
public struct FeedbackReport: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public let name: LocalizedText
        /// The child unit's code; nil for a service area.
        public let nodeCode: String?
        public let figures: FeedbackFigures
    }

    /// A handler's account of what one case changed, with the case's effect classes.
    public struct Change: Sendable, Equatable {
        public let month: String
        public let unit: LocalizedText
        public let effects: [FeedbackEffect]
        public let description: String
    }

    /// What spontaneous feedback is about: cases per topic, by the topic's sentiment and the
    /// case's kind (a case counts once under each topic it touches), most cases first.
    public struct TopicLine: Sendable, Equatable {
        public let topic: Topic
        public let cases: Int
        public let positive: Int
        public let negative: Int
        public let other: Int
        public let byKind: [FeedbackKind: Int]
    }

    /// "Did you find what you needed?" on one web page at one unit (nil: a county page). Counts
    /// are nil where the anonymity rule hides them: the total under the minimum, or a part that
    /// would be too small to show.
    public struct PageLine: Sendable, Equatable {
        public let pageURL: String
        public let unit: LocalizedText?
        public let answers: Int?
        public let found: Int?
        public let notFound: Int?

        /// Found as a share of the answers, 0–100, where both are shown.
        public var foundShare: Double? {
            guard let answers, answers > 0, let found else { return nil }
            return Double(found) / Double(answers) * 100
        }
    }

    public let node: OrgNode
    public let period: ReportPeriod
    public let total: FeedbackFigures
    public let units: [Part]
    public let areas: [Part]
    public let changes: [Change]
    public let topics: [TopicLine]
    public let pages: [PageLine]
}

extension Reports {
    /// Effect descriptions listed on one report; the counts cover all of them.
    public static let changeLimit = 100

    public func feedback(nodeCode: String, period: ReportPeriod, reader: Reader, now: Date) async throws -> FeedbackReport {
        try await feedback(try await resolve(nodeCode: nodeCode, reader: reader), period: period, now: now)
    }

    func feedback(_ node: OrgNode, period: ReportPeriod, now: Date) async throws -> FeedbackReport {
        let db = database.sql
        let org = OrgRepository(db)
        let facts = try await FeedbackRepository(db).caseFacts(path: node.path, from: period.from.start, to: period.to.adding(days: 1).start)
        let children = try await org.children(of: node.id).sorted { $0.code < $1.code }
        let childIDs = Set(children.map(\.id))
        // The child a case belongs to is the id after the node's own in the case's handling path.
        var byChild: [String: [CaseFacts]] = [:]
        for fact in facts {
            if let child = OrgPath.ids(in: fact.handlingPath).first(where: childIDs.contains) { byChild[child, default: []].append(fact) }
        }
        let units = children.map {
            FeedbackReport.Part(name: $0.name, nodeCode: $0.code, figures: .make(byChild[$0.id] ?? [], now: now))
        }.filter { $0.figures.cases > 0 }
        let byArea = Dictionary(grouping: facts, by: \.serviceAreaID)
        let areas = try await ServiceAreaRepository(db).list().compactMap { area in
            byArea[area.id].map { FeedbackReport.Part(name: area.name, nodeCode: nil, figures: .make($0, now: now)) }
        }
        let names = Dictionary(try await org.nodes(ids: Array(Set(facts.map(\.handlingNodeID)))).map { ($0.id, $0.name) }) { a, _ in a }
        let changes = facts.filter { !$0.effects.isEmpty && !$0.effectDescription.isEmpty }
            .sorted { $0.receivedAt > $1.receivedAt }
            .prefix(Self.changeLimit)
            .map {
                FeedbackReport.Change(month: String(CalendarDay($0.receivedAt).description.prefix(7)), unit: names[$0.handlingNodeID] ?? node.name,
                                      effects: $0.effects, description: PersonalData.mask($0.effectDescription))
            }
        return FeedbackReport(node: node, period: period, total: .make(facts, now: now), units: units, areas: areas, changes: Array(changes),
                              topics: try await feedbackTopics(node, period: period), pages: try await widgetPages(node, period: period))
    }

    /// The web pages' widget answers at the node's units (and, for a root, the county's own pages).
    func widgetPages(_ node: OrgNode, period: ReportPeriod) async throws -> [FeedbackReport.PageLine] {
        let counts = try await WidgetRepository(database.sql).pages(path: node.path, unplaced: node.parentID == nil, from: period.from, to: period.to)
        let names = Dictionary(try await OrgRepository(database.sql).nodes(ids: Array(Set(counts.compactMap(\.nodeID)))).map { ($0.id, $0.name) }) { a, _ in a }
        return counts.map { count in
            let total = count.found + count.notFound
            let unit = count.nodeID.flatMap { names[$0] }
            guard rule.allowsFigures(answers: total) else {
                return FeedbackReport.PageLine(pageURL: count.pageURL, unit: unit, answers: nil, found: nil, notFound: nil)
            }
            let hidden = rule.hidden(sizes: [count.found, count.notFound])
            return FeedbackReport.PageLine(pageURL: count.pageURL, unit: unit, answers: total, found: hidden.contains(0) ? nil : count.found,
                                           notFound: hidden.contains(1) ? nil : count.notFound)
        }
    }

    func feedbackTopics(_ node: OrgNode, period: ReportPeriod) async throws -> [FeedbackReport.TopicLine] {
        let counts = try await TextRepository(database.sql).caseTopicCounts(path: node.path, from: period.from.start, to: period.to.adding(days: 1).start)
        return Dictionary(grouping: counts, by: \.count.topic).map { topic, rows in
            func sum(_ sentiments: Set<Sentiment>) -> Int { rows.filter { sentiments.contains($0.count.sentiment) }.map(\.count.count).reduce(0, +) }
            return FeedbackReport.TopicLine(topic: topic, cases: sum(Set(Sentiment.allCases)), positive: sum([.positive]), negative: sum([.negative]),
                                            other: sum([.neutral, .mixed]),
                                            byKind: Dictionary(grouping: rows, by: \.kind).mapValues { $0.map(\.count.count).reduce(0, +) })
        }.sorted { ($0.cases, $1.topic.rawValue) > ($1.cases, $0.topic.rawValue) }
    }
}

/// The paragraph a unit pastes into its public self-monitoring report (omavalvontaraportti):
/// how much feedback came, how it was answered, and what it changed — in the reader's language.
public enum SelfMonitoringText {
    static let changes: Set<FeedbackEffect> = [.changedPractice, .revisitedInstruction, .fixedError, .training, .supportedDevelopment]

    public static func make(_ report: FeedbackReport, catalog: Catalog, language: Language) -> String {
        let total = report.total
        let format = ReportNumbers(language: language)
        var paragraphs = [catalog.format("selfmon_received", language, [
            "unit": report.node.name[language], "from": report.period.from.finnish, "to": report.period.to.finnish,
            "count": String(total.cases), "praise": String(total.byKind[.praise] ?? 0), "criticism": String(total.byKind[.criticism] ?? 0),
            "idea": String(total.byKind[.idea] ?? 0), "question": String(total.byKind[.question] ?? 0),
        ])]
        if let median = total.medianHandlingDays, let adherence = total.promiseAdherence {
            paragraphs.append(catalog.format("selfmon_answered", language, ["days": format.decimal(median.rounded(.up), 0), "share": format.decimal(adherence, 0)]))
        }
        if total.casesWithEffects > 0 {
            let effects = FeedbackEffect.allCases.filter { (total.effects[$0] ?? 0) > 0 && $0 != .noAction && $0 != .other }
                .sorted { (total.effects[$0] ?? 0) > (total.effects[$1] ?? 0) }
                .map { "\(catalog.text("effect_short_" + $0.rawValue, language)) (\(total.effects[$0] ?? 0))" }
            paragraphs.append(catalog.format("selfmon_effects", language, ["count": String(total.casesWithEffects),
                                                                           "effects": effects.joined(separator: ", ")]))
            // Changes to how the work is done, not thanks passed on; each description once.
            var seen = Set<String>()
            let examples = report.changes.filter { !Set($0.effects).isDisjoint(with: Self.changes) && seen.insert($0.description).inserted }
                .prefix(5).map { "– " + $0.description }
            if !examples.isEmpty {
                paragraphs.append(catalog.text("selfmon_examples", language) + "\n" + examples.joined(separator: "\n"))
            }
        } else if total.cases > 0 {
            paragraphs.append(catalog.text("selfmon_no_effects", language))
        }
        return paragraphs.joined(separator: "\n\n")
    }
}

extension CalendarDay {
    /// 1.10.2026, as dates are written in Finland (and, in these reports, in Sweden and English too).
    public var finnish: String { "\(day).\(month).\(year)" }
}
