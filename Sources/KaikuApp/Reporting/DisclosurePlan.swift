import Foundation
import KaikuCore
import KaikuStorage

/// Which figures of a survey's calendar months, quarters and years are hidden, for every reader
/// alike: decided family by family from the root of the organisation down and month by month as
/// months end (`FamilySuppression`, docs/SECURITY.md "Disclosure control"). The answer never
/// depends on who asks, what else they asked or which breakdown they chose, so no two requests
/// can be set against each other. One plan serves one request; it remembers the families it
/// has decided while the request runs.
actor DisclosurePlan {
    enum Table: Hashable, Sendable {
        /// Responses: a group's size.
        case responses
        /// Answers to one question.
        case question(String)
        /// The open answers to a question, under the text minimum.
        case texts(String)
        case dimension(ReportDimension)
        case questionByDimension(String, ReportDimension)
        /// The open answers to a question by the writer's NPS class (their answer to `classKey`):
        /// detractors, passives, promoters, none.
        case textClasses(String, classKey: String)

        /// The table this one breaks down (its cells' sums), if any.
        var margin: Table? {
            switch self {
            case .dimension: .responses
            case .questionByDimension(let key, _): .question(key)
            case .textClasses(let key, _): .texts(key)
            case .responses, .question, .texts: nil
            }
        }

        /// The tables whose hidden cells hide this one's too: a group's questions go with its
        /// responses, a breakdown's parts with the total they break down.
        var forcedBy: [Table] {
            switch self {
            case .question, .texts: [.responses]
            case .dimension: [.responses]
            case .questionByDimension(let key, let dimension): [.dimension(dimension), .question(key)]
            case .textClasses(let key, _): [.texts(key)]
            case .responses: []
            }
        }
    }

    /// The NPS classes of `textClasses`, in bucket order (a fourth bucket: no score).
    static let classRanges = NPSClass.allCases.map(\.scores)

    let database: KaikuDatabase
    let surveyID: String
    let rule: AnonymityRule
    let today: CalendarDay

    private var nodes: [String: OrgNode] = [:]
    private var childrenByID: [String: [OrgNode]] = [:]
    private var decisions: [String: FamilySuppression.Decision] = [:]
    private var counts: [String: [String: [String: [String: ReportRepository.PlanCount]]]] = [:]
    private var bucketCounts: [String: [String: [String: [String: Int]]]] = [:]

    init(database: KaikuDatabase, surveyID: String, rule: AnonymityRule, today: CalendarDay) {
        self.database = database
        self.surveyID = surveyID
        self.rule = rule
        self.today = today
    }

    /// Whether the node's cell is hidden in a calendar month, quarter or year, per bucket of the
    /// table (one bucket for a table without a breakdown). Periods not yet ended are hidden.
    func hidden(_ table: Table, node: OrgNode, period: ReportPeriod) async throws -> [Bool] {
        guard let index = LatticeYear.index(of: period) else { return [true] }
        return try await row(table, node: node, year: period.from.year)[index]
    }

    /// The smallest of `period`, its quarter and its year whose cell (of `bucket`) is shown; nil
    /// when none is.
    func smallestShown(_ table: Table, bucket: Int = 0, node: OrgNode, from period: ReportPeriod) async throws -> ReportPeriod? {
        var candidate: ReportPeriod? = period
        while let shown = candidate, try await hidden(table, node: node, period: shown)[bucket] { candidate = shown.wider }
        return candidate
    }

    /// For lists of texts and their topics: the smallest of `period`, its quarter and its year
    /// that is shown; when none is (a month of a quarter not yet ended with too few texts), the
    /// quarter before, then the year before, so that a unit's recent texts can still be read,
    /// labelled with their period. Nil when none of these is shown.
    func nearestShown(_ table: Table, bucket: Int = 0, node: OrgNode, from period: ReportPeriod) async throws -> ReportPeriod? {
        if let shown = try await smallestShown(table, bucket: bucket, node: node, from: period) { return shown }
        let quarter = period.kind == .month ? period.wider : period.kind == .quarter ? period : nil
        for candidate in [quarter?.previous, ReportPeriod(code: String(period.from.year - 1))].compactMap({ $0 }) where candidate.to < period.from {
            if try await !hidden(table, node: node, period: candidate)[bucket] { return candidate }
        }
        return nil
    }

    /// The same for each child of the node, by child id.
    func childrenHidden(_ table: Table, of node: OrgNode, period: ReportPeriod) async throws -> [String: [Bool]] {
        guard let index = LatticeYear.index(of: period) else { return [:] }
        let decision = try await decide(table, family: node, year: period.from.year)
        let children = try await self.children(of: node)
        return Dictionary(uniqueKeysWithValues: children.enumerated().map { ($1.id, decision[$0 + 1][index]) })
    }

    /// The node's row: from its parent's family, or its own at the root.
    func row(_ table: Table, node: OrgNode, year: Int) async throws -> [[Bool]] {
        guard let parentID = node.parentID, let parent = try await self.node(id: parentID) else {
            return try await decide(table, family: node, year: year)[0]
        }
        let decision = try await decide(table, family: parent, year: year)
        let index = try await children(of: parent).firstIndex { $0.id == node.id } ?? 0
        return decision[index + 1]
    }

    func decide(_ table: Table, family parent: OrgNode, year: Int) async throws -> FamilySuppression.Decision {
        let key = "\(table)|\(parent.id)|\(year)"
        if let known = decisions[key] { return known }
        let parentRow = parent.parentID == nil ? nil : try await row(table, node: parent, year: year)
        var margin: [[Bool]]?
        if let marginTable = table.margin {
            margin = try await decide(marginTable, family: parent, year: year).map { row in row.map { $0[0] } }
        }
        let members = [parent] + (try await children(of: parent))
        let sizes = try await months(table, members, year: year)
        let buckets = sizes.first?.first?.count ?? 1
        var forced: FamilySuppression.Decision?
        for forcing in table.forcedBy {
            let other = try await decide(forcing, family: parent, year: year)
            let previous = forced
            forced = other.indices.map { row in
                (0..<LatticeYear.periods).map { period in
                    (0..<buckets).map { bucket in
                        (previous?[row][period][bucket] ?? false) || other[row][period][other[row][period].count == 1 ? 0 : bucket]
                    }
                }
            }
        }
        let minimum = switch table {
        case .texts, .textClasses: rule.minimumTextAnswers
        default: rule.minimumAnswers
        }
        let completeMonths = LatticeYear.completeMonths(of: year, today: today)
        // At the top, the root's own row is decided first, alone (its periods against each other):
        // complements the family needs are then found among the children, and a county's figure
        // is never hidden to protect a small group somewhere below it.
        let topRow = parent.parentID != nil ? parentRow : await DecisionCache.shared.decision(
            FamilySuppression(months: [sizes[0]], buckets: buckets, minimum: minimum).ended(completeMonths), completeMonths: completeMonths, parent: nil,
            margin: margin.map { [$0[0]] }, forced: forced.map { [$0[0]] })[0]
        let decision = await DecisionCache.shared.decision(
            FamilySuppression(months: sizes, buckets: buckets, minimum: minimum).ended(completeMonths),
            completeMonths: completeMonths, parent: topRow, margin: margin, forced: forced)
        decisions[key] = decision
        return decision
    }

    /// Per member, per month of the year, per bucket: the table's counts.
    func months(_ table: Table, _ members: [OrgNode], year: Int) async throws -> [[[Int]]] {
        let months = (1...12).map { String(format: "%04d-%02d", year, $0) }
        let reports = ReportRepository(database.sql)
        let familyKey = "\(members[0].id)|\(year)"
        switch table {
        case .responses, .question, .texts:
            if counts[familyKey] == nil {
                counts[familyKey] = try await reports.planMonths(surveyID: surveyID, nodeIDs: members.map(\.id), months: months)
            }
            let byNode = counts[familyKey] ?? [:]
            return members.map { member in
                months.map { month in
                    let c = byNode[member.id]?[month] ?? [:]
                    return switch table {
                    case .responses: [c[Rollups.responsesKey]?.answers ?? 0]
                    case .question(let key): [c[key]?.answers ?? 0]
                    case .texts(let key): [c[key]?.texts ?? 0]
                    default: [0]
                    }
                }
            }
        case .dimension(let dimension), .questionByDimension(_, let dimension):
            let question: String = if case .questionByDimension(let q, _) = table { q } else { Rollups.responsesKey }
            let key = familyKey + "|" + dimension.rawValue + "|" + question
            if bucketCounts[key] == nil {
                bucketCounts[key] = try await reports.planBuckets(surveyID: surveyID, nodeIDs: members.map(\.id), dimension: dimension,
                                                                  months: months, questionKey: question)
            }
            let byNode = bucketCounts[key] ?? [:]
            return members.map { member in
                months.map { month in Reports.buckets(dimension).map { byNode[member.id]?[month]?[$0] ?? 0 } }
            }
        case .textClasses(let questionKey, let classKey):
            let rows = try await reports.textsByClassValue(
                surveyID: surveyID, nodePath: members[0].path, from: CalendarDay(year: year, month: 1, day: 1)!,
                to: CalendarDay(year: year, month: 12, day: 31)!, questionKey: questionKey, classKey: classKey)
            var result = [[[Int]]](repeating: [[Int]](repeating: [0, 0, 0, 0], count: 12), count: members.count)
            for row in rows {
                guard let month = Int(row.month.suffix(2)), (1...12).contains(month) else { continue }
                let bucket = row.value.flatMap { value in Self.classRanges.firstIndex { $0.contains(value) } } ?? 3
                for (index, member) in members.enumerated() where row.path.hasPrefix(member.path) {
                    result[index][month - 1][bucket] += row.count
                }
            }
            return result
        }
    }

    func node(id: String) async throws -> OrgNode? {
        if let known = nodes[id] { return known }
        let node = try await OrgRepository(database.sql).node(id: id)
        nodes[id] = node
        return node
    }

    /// In id order: ids never change, so neither does which of two equal cells is hidden.
    func children(of node: OrgNode) async throws -> [OrgNode] {
        if let known = childrenByID[node.id] { return known }
        let children = try await OrgRepository(database.sql).children(of: node.id).sorted { $0.id < $1.id }
        childrenByID[node.id] = children
        return children
    }
}

/// Decisions are a pure function of the counts they were made from, so they are kept across
/// requests while the counts stay the same (ended months rarely change): a report page then
/// reads counts and looks the decisions up. Bounded; cleared when full.
actor DecisionCache {
    static let shared = DecisionCache()

    struct Key: Hashable {
        let table: FamilySuppression
        let completeMonths: Int
        let parent: [[Bool]]?
        let margin: [[Bool]]?
        let forced: FamilySuppression.Decision?
    }

    private var decisions: [Key: FamilySuppression.Decision] = [:]
    static let capacity = 20_000

    /// Looked up, or decided outside the actor (so that one report's first read does not hold up
    /// every other) and kept; two readers deciding the same family at once get the same answer.
    nonisolated func decision(_ table: FamilySuppression, completeMonths: Int, parent: [[Bool]]?, margin: [[Bool]]?,
                              forced: FamilySuppression.Decision?) async -> FamilySuppression.Decision {
        let key = Key(table: table, completeMonths: completeMonths, parent: parent, margin: margin, forced: forced)
        if let known = await decisions(key) { return known }
        let decision = table.decide(completeMonths: completeMonths, parent: parent, margin: margin, forced: forced)
        await keep(decision, for: key)
        return decision
    }

    private func decisions(_ key: Key) -> FamilySuppression.Decision? { decisions[key] }

    private func keep(_ decision: FamilySuppression.Decision, for key: Key) {
        if decisions.count >= Self.capacity { decisions.removeAll() }
        decisions[key] = decision
    }
}
