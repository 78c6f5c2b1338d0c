import Foundation
import KaikuCore
import SQLKit

/// Rollups (counts per day, per month, and per month and background bucket, for every node on a
/// response's path) and invitations; what is read of the raw answers is in ReportAnswers.swift.
public struct ReportRepository: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Rows per statement: well under both databases' limits on bound values.
    static let chunk = 2_000

    // MARK: Keeping rollups

    /// Adds a batch's increments. On PostgreSQL in key order, so that concurrent writers lock rows
    /// in one order and never deadlock; SQLite has one writer at a time and needs no order.
    public func add(_ increments: Rollups.Increments) async throws {
        guard !increments.isEmpty else { return }
        let ordered = sql.dialect.name != "sqlite"
        var days = increments.days.map { (key: $0.key, count: $0.value) }
        var monthTotals = increments.monthTotals.map { (key: $0.key, count: $0.value) }
        var months = increments.months.map { (key: $0.key, count: $0.value) }
        if ordered {
            days.sort { $0.key < $1.key }
            monthTotals.sort { $0.key < $1.key }
            months.sort { $0.key < $1.key }
        }
        for (table, period, totals) in [("rollup_days", "day", days), ("rollup_month_totals", "month", monthTotals)] {
            try await addCounts(to: table, keys: ["survey_id", "node_id", period, "question_key", "value"], counter: "answers",
                                rows: totals.map { [$0.key.surveyID, $0.key.nodeID, $0.key.period, $0.key.questionKey, $0.key.value, $0.count] })
        }
        try await addCounts(to: "rollup_months", keys: ["survey_id", "node_id", "dimension", "month", "bucket", "question_key", "value"],
                            counter: "answers", rows: months.map { k in
                                [k.key.surveyID, k.key.nodeID, k.key.dimension.rawValue, k.key.month, k.key.bucket, k.key.questionKey, k.key.value, k.count]
                            })
    }

    /// `INSERT … ON CONFLICT (keys) DO UPDATE SET counter = counter + excluded.counter`, in
    /// chunks: each row is its key values followed by the count to add. Table and column names
    /// are this file's constants.
    func addCounts(to table: String, keys: [String], counter: String, rows: [[any Encodable & Sendable]]) async throws {
        let head: String = "INSERT INTO \(table) (\((keys + [counter]).joined(separator: ", "))) VALUES "
        let conflict: String = " ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(counter) = \(table).\(counter) + excluded.\(counter)"
        for chunk in rows.chunked(Self.chunk) {
            let values: [SQLQueryString] = chunk.map { "(\(binds: $0))" }
            try await sql.raw(SurveyRepository.joined(head, values) + SQLQueryString(conflict)).run()
        }
    }

    /// Keeps a batch's increments for `foldPending`, in one row.
    public func deferIncrements(_ increments: Rollups.Increments, now: Date) async throws {
        guard !increments.isEmpty else { return }
        let payload = String(decoding: try JSONEncoder().encode(increments), as: UTF8.self)
        try await sql.raw("INSERT INTO rollup_pending (id, payload) VALUES (\(bind: Identifier.make(at: now)), \(bind: payload))").run()
    }

    struct PendingRow: Decodable { let id: String; let payload: String }

    /// Adds waiting increments to the rollups and deletes them, in the caller's transaction;
    /// returns how many rows were folded. On PostgreSQL rows another writer is folding are skipped.
    @discardableResult
    public func foldPending(limit: Int = 500) async throws -> Int {
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("SELECT id, payload FROM rollup_pending ORDER BY id LIMIT \(bind: limit)" + SQLQueryString(lock))
            .all(decoding: PendingRow.self)
        guard !rows.isEmpty else { return 0 }
        var merged = Rollups.Increments()
        for row in rows { merged.merge(try JSONDecoder().decode(Rollups.Increments.self, from: Data(row.payload.utf8))) }
        try await add(merged)
        try await sql.raw("DELETE FROM rollup_pending WHERE id IN (\(binds: rows.map(\.id)))").run()
        return rows.count
    }

    /// Counts an invitation (an SMS or a personal link) for the node and every node above it.
    public func countInvitation(surveyID: String, nodePath: String, day: CalendarDay, channel: Channel, language: Language,
                                ageBand: AgeBand?, count: Int = 1) async throws {
        try await countInvitations([InvitationCount(surveyID: surveyID, nodePath: nodePath, day: day, channel: channel, language: language,
                                                    ageBand: ageBand, count: count)])
    }

    /// Invitations sent (or links made) on one day at one place, for one language and age band.
    public struct InvitationCount: Sendable {
        public let surveyID: String, nodePath: String, day: CalendarDay, channel: Channel, language: Language, ageBand: AgeBand?, count: Int

        public init(surveyID: String, nodePath: String, day: CalendarDay, channel: Channel, language: Language, ageBand: AgeBand?, count: Int) {
            self.surveyID = surveyID
            self.nodePath = nodePath
            self.day = day
            self.channel = channel
            self.language = language
            self.ageBand = ageBand
            self.count = count
        }
    }

    /// Many invitation counts at once (an SMS run, the demo), merged per node before they are written.
    public func countInvitations(_ counts: [InvitationCount]) async throws {
        var merged: [[String]: Int] = [:]
        for c in counts {
            for nodeID in OrgPath.ids(in: c.nodePath) {
                merged[[c.surveyID, nodeID, c.day.description, c.channel.rawValue, c.language.rawValue, c.ageBand?.rawValue ?? ""], default: 0] += c.count
            }
        }
        // In key order, so that concurrent writers on PostgreSQL take row locks in the same order.
        let rows = merged.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, count in key.map { $0 as any Encodable & Sendable } + [count] }
        try await addCounts(to: "survey_invitations", keys: ["survey_id", "node_id", "day", "channel", "language", "age_band"],
                            counter: "invitations", rows: rows)
    }

    // MARK: Reading rollups

    struct GroupCountRow: Decodable { let group_key: String; let question_key: String; let value: String; let answers: Int }

    /// Counts per question and value of each node over whole days (`from`…`to`): the months wholly
    /// inside from the monthly totals, the rest from the days.
    public func totals(surveyID: String, nodeIDs: [String], from: CalendarDay, to: CalendarDay) async throws -> [String: [String: ValueCounts]] {
        guard !nodeIDs.isEmpty, let period = ReportPeriod(from: from, to: to) else { return [:] }
        var result: [String: [String: ValueCounts]] = [:]
        func add(_ rows: [String: [String: ValueCounts]]) {
            for (node, questions) in rows {
                for (question, counts) in questions { result[node, default: [:]][question, default: ValueCounts()].add(counts) }
            }
        }
        let months = period.wholeMonths
        if !months.isEmpty {
            add(try await grouped(sql.raw("""
                SELECT node_id AS group_key, question_key, value, SUM(answers) AS answers FROM rollup_month_totals
                WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs)) AND month IN (\(binds: months))
                GROUP BY node_id, question_key, value
                """)))
        }
        for range in period.partialRanges {
            add(try await grouped(sql.raw("""
                SELECT node_id AS group_key, question_key, value, SUM(answers) AS answers FROM rollup_days
                WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs))
                  AND day >= \(bind: range.from.description) AND day <= \(bind: range.to.description)
                GROUP BY node_id, question_key, value
                """)))
        }
        return result
    }

    /// Whole months' counts per node.
    public func monthsByNode(surveyID: String, nodeIDs: [String], months: [String]) async throws -> [String: [String: [String: ValueCounts]]] {
        guard !nodeIDs.isEmpty, !months.isEmpty else { return [:] }
        struct Row: Decodable { let node_id: String; let month: String; let question_key: String; let value: String; let answers: Int }
        var result: [String: [String: [String: ValueCounts]]] = [:]
        for row in try await sql.raw("""
            SELECT node_id, month, question_key, value, answers FROM rollup_month_totals
            WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs)) AND month IN (\(binds: months))
            """).all(decoding: Row.self) {
            result[row.node_id, default: [:]][row.month, default: [:]][row.question_key, default: ValueCounts()][row.value] += row.answers
        }
        return result
    }

    /// Counts per bucket of a background variable over whole months.
    public func breakdown(surveyID: String, nodeID: String, dimension: ReportDimension, months: [String]) async throws -> [String: [String: ValueCounts]] {
        guard !months.isEmpty else { return [:] }
        return try await grouped(sql.raw("""
            SELECT bucket AS group_key, question_key, value, SUM(answers) AS answers FROM rollup_months
            WHERE survey_id = \(bind: surveyID) AND node_id = \(bind: nodeID) AND dimension = \(bind: dimension.rawValue) AND month IN (\(binds: months))
            GROUP BY bucket, question_key, value
            """))
    }

    /// Open answers to `questionKey` in a subtree per answering node's path, month and the
    /// respondent's answer to `classKey` (nil when they gave none): the sizes behind the lists of
    /// texts filtered by NPS class.
    public func textsByClassValue(surveyID: String, nodePath: String, from: CalendarDay, to: CalendarDay, questionKey: String,
                                  classKey: String) async throws -> [(path: String, month: String, value: Int?, count: Int)] {
        struct Row: Decodable { let node_path: String; let month: String; let value: Int?; let n: Int }
        return try await sql.raw("""
            SELECT r.node_path, SUBSTR(r.submitted_on, 1, 7) AS month, f.value_number AS value, COUNT(*) AS n
            FROM responses r JOIN response_answers a ON a.response_id = r.id AND a.question_key = \(bind: questionKey) AND a.value_text <> ''
            LEFT JOIN response_answers f ON f.response_id = r.id AND f.question_key = \(bind: classKey)
            WHERE r.survey_id = \(bind: surveyID) AND r.node_path LIKE \(bind: nodePath + "%")
              AND r.submitted_on >= \(bind: from.description) AND r.submitted_on <= \(bind: to.description)
            GROUP BY r.node_path, SUBSTR(r.submitted_on, 1, 7), f.value_number
            """).all(decoding: Row.self).map { ($0.node_path, $0.month, $0.value, $0.n) }
    }

    func grouped(_ query: SQLRawBuilder) async throws -> [String: [String: ValueCounts]] {
        var result: [String: [String: ValueCounts]] = [:]
        for row in try await query.all(decoding: GroupCountRow.self) {
            result[row.group_key, default: [:]][row.question_key, default: ValueCounts()][row.value] += row.answers
        }
        return result
    }

    struct InvitationRow: Decodable { let channel: String; let invitations: Int }

    /// Invitations per channel for a node over whole days.
    public func invitations(surveyID: String, nodeID: String, from: CalendarDay, to: CalendarDay) async throws -> [Channel: Int] {
        var result: [Channel: Int] = [:]
        for row in try await sql.raw("""
            SELECT channel, SUM(invitations) AS invitations FROM survey_invitations
            WHERE survey_id = \(bind: surveyID) AND node_id = \(bind: nodeID) AND day >= \(bind: from.description) AND day <= \(bind: to.description)
            GROUP BY channel
            """).all(decoding: InvitationRow.self) {
            if let channel = Channel(rawValue: row.channel) { result[channel, default: 0] += row.invitations }
        }
        return result
    }

    /// Invitations through one channel per node over whole days.
    public func invitationsByNode(surveyID: String, nodeIDs: [String], from: CalendarDay, to: CalendarDay, channel: Channel) async throws -> [String: Int] {
        guard !nodeIDs.isEmpty else { return [:] }
        struct Row: Decodable { let node_id: String; let invitations: Int }
        return Dictionary(try await sql.raw("""
            SELECT node_id, SUM(invitations) AS invitations FROM survey_invitations
            WHERE survey_id = \(bind: surveyID) AND node_id IN (\(binds: nodeIDs)) AND channel = \(bind: channel.rawValue)
              AND day >= \(bind: from.description) AND day <= \(bind: to.description)
            GROUP BY node_id
            """).all(decoding: Row.self).map { ($0.node_id, $0.invitations) }, uniquingKeysWith: +)
    }
}
