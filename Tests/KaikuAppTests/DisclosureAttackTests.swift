import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import Testing

/// The attacker of docs/SECURITY.md ("Disclosure control"): a reporter who reads every figure,
/// breakdown, trend, comparison, open-answer list and national file row of every node and period
/// they may ask for, writes each as an equation over the groups behind it, and solves. Over
/// generated answers with many small groups, no group of fewer answers than the minimum may
/// follow from the equations: checked exactly, by linear algebra, for every single group, every
/// pair of groups and every node-by-run-of-months group.
@Suite struct DisclosureAttackTests {
    /// One answer's place: the node it was given at, its month and a bucket (age band, NPS class…).
    struct Atom: Hashable, Comparable, CustomStringConvertible {
        let node: String
        let month: String
        let bucket: String
        static func < (a: Atom, b: Atom) -> Bool { (a.node, a.month, a.bucket) < (b.node, b.month, b.bucket) }
        var description: String { "\(node.suffix(4)) \(month) \(bucket)" }
    }

    /// A released number: the count of the atoms it covers.
    struct Fact: Hashable {
        let nodePath: String
        let months: [String]
        let bucket: String?
        let count: Int
    }

    struct Check { let table: String; let minimum: Int; let buckets: [String] }

    final class Ledger: @unchecked Sendable {
        var facts: [String: Set<Fact>] = [:]
        /// Lists whose texts carried labels.
        var labelled = 0

        func add(_ table: String, _ node: OrgNode, _ period: ReportPeriod, bucket: String? = nil, count: Int) {
            facts[table, default: []].insert(Fact(nodePath: node.path, months: period.months, bucket: bucket, count: count))
        }

        func record(_ group: GroupResult, _ node: OrgNode, _ period: ReportPeriod, bucket: String? = nil) {
            guard !group.suppressed else { return }
            if bucket == nil { add("responses", node, period, count: group.responses) }
            add("age", node, period, bucket: bucket, count: group.responses)
            if let smooth = group.questions.first(where: { $0.question.key == "thl.smooth" }), !smooth.suppressed, bucket == nil {
                add("smooth", node, period, count: smooth.answers)
            }
        }

        /// A list's labels, counted as an attacker would: the texts per labelled unit, month and
        /// score group, noughts included (every cell the labels tell apart), and the node's whole
        /// per month and group (its own texts are then the remainder).
        func record(_ answers: Reports.OpenAnswers, _ node: OrgNode, children: [OrgNode], filterClass: String?) {
            guard !answers.suppressed, answers.count == answers.texts.count, answers.labels != .none else { return }
            labelled += 1
            let months = answers.labels.month ? answers.period.months.map { ReportPeriod(code: $0)! } : [answers.period]
            // A list filtered to one group tells that group only.
            let groups: [String?] = filterClass != nil ? [filterClass] : answers.labels.group ? ["detractors", "passives", "promoters"] : [nil]
            let units = answers.labels.unit ? children + [node] : [node]
            for unit in units {
                for month in months {
                    for group in groups {
                        let count = answers.texts.filter { text in
                            (unit.id == node.id || text.unit?.id == unit.id) && (!answers.labels.month || text.month == month)
                                && (filterClass != nil || !answers.labels.group || text.group?.rawValue == group)
                        }.count
                        add("texts", unit, month, bucket: group, count: count)
                    }
                }
            }
        }

        func record(_ report: SummaryReport, bucketed: Bool) {
            record(report.total, report.node, report.period)
            for group in report.groups {
                if let child = group.node { record(group, child, report.period) } else if bucketed { record(group, report.node, report.period, bucket: group.key) }
            }
        }
    }

    @Test func noGroupBelowTheMinimumFollowsFromEverythingAReporterMayRead() async throws {
        try await UseCaseWorld.with { world in try await Self.attack(world) }
    }

    static func attack(_ world: UseCaseWorld) async throws {
        let now = world.clock.now()
        let orgs = OrgRepository(world.database.sql)
        let root = try await orgs.insert(OrgNodeSpec(code: "ATK", parentCode: nil, level: .county, name: LocalizedText(fi: "ATK")), parent: nil, now: now)
        var areas: [OrgNode] = []
        for code in ["ATK-A1", "ATK-A2", "ATK-A3"] {
            areas.append(try await orgs.insert(OrgNodeSpec(code: code, parentCode: root.code, level: .resultArea, name: LocalizedText(fi: code)),
                                               parent: root, now: now))
        }
        var units: [OrgNode] = []
        // A3 has one small unit: what is hidden of the area must stay hidden beneath it.
        for (index, code) in ["ATK-U1", "ATK-U2", "ATK-U3", "ATK-U4", "ATK-U5", "ATK-U6"].enumerated() {
            let area = areas[index < 2 ? 0 : index < 5 ? 1 : 2]
            units.append(try await orgs.insert(OrgNodeSpec(code: code, parentCode: area.code, level: .unit, name: LocalizedText(fi: code)),
                                               parent: area, now: now))
        }
        let nodes = [root] + areas + units
        let surveys = SurveyRepository(world.database.sql)
        let survey = try #require(try await surveys.survey(code: NationalSurvey.code))
        let version = try #require(try await surveys.latestVersion(surveyID: survey.id))

        // Answers from January 2025 to February 2026 (the world's today is 2 March 2026): small
        // groups everywhere, some given at a result area itself.
        let months = (0..<14).map { CalendarDay(year: 2025, month: 1, day: 1)!.addingMonths($0) }
        let (items, truth) = Self.answers(survey: survey, version: version, at: units + [areas[1]], areaWithOwnAnswers: areas[1].id,
                                          small: [units[1].id, units[5].id], months: months)
        _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }

        // Everything the county's reporter may ask for, over every calendar period.
        let reports = Reports(database: world.database, today: CalendarDay(now))
        let reader = Actor(id: nil, email: nil, policy: AccessPolicy(grants: [Grant(role: .reporter, scopeNodeID: root.id, scopePath: root.path)]))
        let periods = months.map { ReportPeriod(code: String($0.description.prefix(7)))! }
            + ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2025", "2026"].map { ReportPeriod(code: $0)! }
        let ledger = Ledger()
        let filters: [ClosedRange<Int>?] = [nil, 0...6, 7...8, 9...10]
        let classes: [String?] = [nil, "detractors", "passives", "promoters"]
        for node in nodes {
            for period in periods {
                let view = try await reports.dashboard(surveyCode: survey.code, nodeCode: node.code, period: period, by: .childUnits, reader: reader)
                ledger.record(view.summary, bucketed: false)
                ledger.record(view.previous, bucketed: false)
                if let parent = view.parent { ledger.record(parent, bucketed: false) }
                for point in view.trend { ledger.record(point.group, node, ReportPeriod(code: point.month)!) }
                ledger.record(try await reports.summary(surveyCode: survey.code, nodeCode: node.code, period: period, by: .dimension(.ageBand),
                                                        reader: reader), bucketed: true)
                for index in filters.indices {
                    let answers = try await reports.openAnswers(surveyCode: survey.code, nodeCode: node.code, period: period,
                                                                questionKey: "thl.nps_reason", filter: filters[index].map { ("thl.nps", $0) }, reader: reader)
                    if !answers.suppressed { ledger.add("texts", node, answers.period, bucket: classes[index], count: answers.count) }
                    ledger.record(answers, node, children: try await orgs.children(of: node.id), filterClass: classes[index])
                }
            }
        }
        let national = try await reports.national(months: months.map { String($0.description.prefix(7)) }, reader: reader)
        for row in national.rows where row.question.key == "thl.smooth" {
            if let counts = row.counts { ledger.add("smooth", row.unit, ReportPeriod(code: row.month)!, count: counts.answers) }
        }

        // Something must be shown, or the test proves nothing.
        #expect((ledger.facts["responses"]?.count ?? 0) > 60)
        #expect((ledger.facts["texts"]?.count ?? 0) > 10)
        #expect(ledger.labelled > 0, "no list was labelled")
        let leaks = Self.leaks(truth: truth, facts: ledger.facts, nodes: nodes.map { ($0.id, $0.path) },
                               months: months.map { String($0.description.prefix(7)) }, ages: Self.ages.map { $0?.rawValue ?? "" })
        #expect(leaks.isEmpty, "\(leaks.prefix(5))")
    }

    static let ages: [AgeBand?] = [.age30to39, .age65to74, nil]

    /// Seeded answers, and how many fell in each group of each table.
    static func answers(survey: SurveyRepository.Survey, version: SurveyRepository.Version, at places: [OrgNode], areaWithOwnAnswers: String,
                        small: Set<String>,
                        months: [CalendarDay]) -> ([(response: SurveyRepository.NewResponse, answers: [String: AnswerValue])], [String: [Atom: Int]]) {
        var generator = SplitMix64(seed: 2026)
        var truth: [String: [Atom: Int]] = [:]
        var items: [(response: SurveyRepository.NewResponse, answers: [String: AnswerValue])] = []
        for first in months {
            let month = String(first.description.prefix(7))
            for node in places {
                for _ in 0..<Int.random(in: 0...(node.id == areaWithOwnAnswers ? 2 : small.contains(node.id) ? 6 : 8), using: &generator) {
                    let age = ages.randomElement(using: &generator)!
                    let nps = Int.random(in: 0...10, using: &generator)
                    var answers: [String: AnswerValue] = ["thl.nps": .number(nps)]
                    if Int.random(in: 0..<10, using: &generator) < 6 { answers["thl.nps_reason"] = .text("Palaute \(Int.random(in: 0...999, using: &generator))") }
                    if Bool.random(using: &generator) { answers["thl.smooth"] = .number(Int.random(in: 1...5, using: &generator)) }
                    let day = first.adding(days: Int.random(in: 0..<27, using: &generator))
                    items.append((SurveyRepository.NewResponse(surveyID: survey.id, versionID: version.id, node: node, channel: .web, language: .fi,
                                                                background: .init(ageBand: age), submissionKey: nil, day: day), answers))
                    truth["responses", default: [:]][Atom(node: node.id, month: month, bucket: ""), default: 0] += 1
                    truth["age", default: [:]][Atom(node: node.id, month: month, bucket: age?.rawValue ?? ""), default: 0] += 1
                    if answers["thl.smooth"] != nil { truth["smooth", default: [:]][Atom(node: node.id, month: month, bucket: ""), default: 0] += 1 }
                    if answers["thl.nps_reason"] != nil {
                        let npsClass = nps <= 6 ? "detractors" : nps <= 8 ? "passives" : "promoters"
                        truth["texts", default: [:]][Atom(node: node.id, month: month, bucket: npsClass), default: 0] += 1
                    }
                }
            }
        }
        return (items, truth)
    }

    /// Every small group that follows from the released figures, per table.
    static func leaks(truth: [String: [Atom: Int]], facts: [String: Set<Fact>], nodes: [(id: String, path: String)], months monthCodes: [String],
                      ages: [String]) -> [String] {
        let pathOf = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.path) })
        let checks: [Check] = [Check(table: "responses", minimum: 5, buckets: [""]), Check(table: "age", minimum: 5, buckets: ages),
                               Check(table: "smooth", minimum: 5, buckets: [""]),
                               Check(table: "texts", minimum: 10, buckets: ["detractors", "passives", "promoters", ""])]
        var result: [String] = []
        for check in checks {
            // Every place an answer could be, empty ones too: the attacker does not know a
            // group is empty unless a figure of nought covers it.
            var atoms: [Atom: Int] = [:]
            for node in nodes { for month in monthCodes { for bucket in check.buckets { atoms[Atom(node: node.id, month: month, bucket: bucket)] = 0 } } }
            for (atom, count) in truth[check.table] ?? [:] { atoms[atom] = count }
            let released = (facts[check.table] ?? []).map { fact in
                (covers: { (atom: Atom) in
                    (pathOf[atom.node] ?? "").hasPrefix(fact.nodePath) && fact.months.contains(atom.month) && (fact.bucket == nil || fact.bucket == atom.bucket)
                }, count: fact.count)
            }
            // Every node's own answers and subtree over every run of months within a year, by bucket and in all.
            var groups: [(Atom) -> Bool] = []
            for node in nodes {
                for start in monthCodes.indices {
                    for end in start..<monthCodes.count where monthCodes[end].prefix(4) == monthCodes[start].prefix(4) {
                        let run = Set(monthCodes[start...end])
                        for bucket in [nil] + check.buckets.map(Optional.init) {
                            groups.append { $0.node == node.id && run.contains($0.month) && (bucket == nil || $0.bucket == bucket) }
                            groups.append { (pathOf[$0.node] ?? "").hasPrefix(node.path) && run.contains($0.month) && (bucket == nil || $0.bucket == bucket) }
                            // A subtree without one of its subtrees: the rest of a county beside a unit.
                            for inner in nodes where inner.path != node.path && inner.path.hasPrefix(node.path) {
                                groups.append {
                                    let path = pathOf[$0.node] ?? ""
                                    return path.hasPrefix(node.path) && !path.hasPrefix(inner.path) && run.contains($0.month) && (bucket == nil || $0.bucket == bucket)
                                }
                            }
                        }
                    }
                }
            }
            result += DerivabilityAudit(atoms: atoms, minimum: check.minimum).leaks(released: released, groups: groups).map { check.table + ": " + $0 }
        }
        return result
    }
}
