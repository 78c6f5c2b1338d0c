import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import KaikuTestSupport
import SQLKit
import Synchronization
import Testing

@Suite struct ReportingUseCaseTests {
    struct DayRow: Decodable, Hashable { let survey_id: String, node_id: String, day: String, question_key: String, value: String, answers: Int }
    struct MonthRow: Decodable, Hashable {
        let survey_id: String, node_id: String, dimension: String, month: String, bucket: String, question_key: String, value: String, answers: Int
    }

    /// The rollups in the database, against the same counts recomputed from every stored answer.
    static func expectRollupsMatchAnswers(_ database: KaikuDatabase) async throws {
        let days = Set(try await database.sql.raw("SELECT * FROM rollup_days").all(decoding: DayRow.self))
        let months = Set(try await database.sql.raw("SELECT * FROM rollup_months").all(decoding: MonthRow.self))
        let monthTotals = Set(try await database.sql.raw("SELECT survey_id, node_id, month AS day, question_key, value, answers FROM rollup_month_totals")
            .all(decoding: DayRow.self))
        var expectedDays = Set<DayRow>()
        var expectedMonthTotals = Set<DayRow>()
        var expectedMonths = Set<MonthRow>()
        for survey in try await SurveyRepository(database.sql).all() {
            let increments = try await ReportRepository(database.sql).recompute(
                surveyID: survey.id, nodePath: "/", from: CalendarDay("2000-01-01")!, to: CalendarDay("2100-01-01")!)
            for (k, n) in increments.days {
                expectedDays.insert(DayRow(survey_id: k.surveyID, node_id: k.nodeID, day: k.period, question_key: k.questionKey, value: k.value, answers: n))
            }
            for (k, n) in increments.monthTotals {
                expectedMonthTotals.insert(DayRow(survey_id: k.surveyID, node_id: k.nodeID, day: k.period, question_key: k.questionKey, value: k.value,
                                                  answers: n))
            }
            for (k, n) in increments.months {
                expectedMonths.insert(MonthRow(survey_id: k.surveyID, node_id: k.nodeID, dimension: k.dimension.rawValue, month: k.month,
                                               bucket: k.bucket, question_key: k.questionKey, value: k.value, answers: n))
            }
        }
        #expect(days == expectedDays)
        #expect(months == expectedMonths)
        #expect(monthTotals == expectedMonthTotals)
    }

    static func randomAnswers(_ definition: SurveyDefinition, using generator: inout some RandomNumberGenerator) -> [String: AnswerValue] {
        var answers: [String: AnswerValue] = [:]
        for question in definition.questions where Bool.random(using: &generator) || question.isRequired {
            switch question.type {
            case .nps, .agree5, .smiley3, .smiley5:
                answers[question.key] = question.type.allowsCantSay && Int.random(in: 0..<6, using: &generator) == 0
                    ? .cantSay : .number(Int.random(in: question.type.scale!, using: &generator))
            case .yesNo: answers[question.key] = [.number(0), .number(1), .cantSay].randomElement(using: &generator)!
            case .singleChoice: answers[question.key] = .choice(question.options.randomElement(using: &generator)!.key)
            case .multipleChoice: answers[question.key] = .choices(Array(question.options.map(\.key).shuffled(using: &generator).prefix(2)).sorted())
            case .freeText: answers[question.key] = .text(Bool.random(using: &generator) ? "Hyvä palvelu" : "")
            }
        }
        return answers
    }

    @Test func rollupsEqualARecomputationFromTheAnswersAfterRandomInserts() async throws {
        try await UseCaseWorld.with { world in
            var generator = SystemRandomNumberGenerator()
            let surveys = SurveyRepository(world.database.sql)
            let national = try #require(try await surveys.survey(code: NationalSurvey.code))
            let version = try #require(try await surveys.latestVersion(surveyID: national.id))
            let nodes = try await OrgRepository(world.database.sql).all().filter { $0.level == .unit || $0.level == .servicePoint }.prefix(6)
            for _ in 0..<25 {
                world.clock.advance(by: TimeInterval(Int.random(in: 0...5, using: &generator)) * 86_400)
                let items = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                    (response: SurveyRepository.NewResponse(
                        surveyID: national.id, versionID: version.id, node: nodes.randomElement(using: &generator)!,
                        channel: Channel.allCases.randomElement(using: &generator)!, language: Language.shipped.randomElement(using: &generator)!,
                        background: .init(ageBand: AgeBand.allCases.randomElement(using: &generator),
                                          contactType: ContactType.allCases.randomElement(using: &generator),
                                          callType: Bool.random(using: &generator) ? .direct : nil),
                        submissionKey: nil),
                     answers: Self.randomAnswers(version.definition, using: &generator))
                }
                let now = world.clock.now()
                _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
            }
            try await ReportingUseCaseTests.expectRollupsMatchAnswers(world.database)
            // Rebuilding from scratch gives the same counts.
            try await world.database.transaction { db in try await ReportRepository(db).rebuild() }
            try await ReportingUseCaseTests.expectRollupsMatchAnswers(world.database)
        }
    }

    @Test func liveAnswersReachTheRollupsThroughTheWaitingCounts() async throws {
        try await UseCaseWorld.with { world in
            var generator = SystemRandomNumberGenerator()
            let surveys = SurveyRepository(world.database.sql)
            let national = try #require(try await surveys.survey(code: NationalSurvey.code))
            let version = try #require(try await surveys.latestVersion(surveyID: national.id))
            let unit = try await world.node("ESIM-U002")
            let items = (0..<60).map { _ in
                (response: SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: unit, channel: .qr, language: .fi,
                                                        background: .init(), submissionKey: nil),
                 answers: Self.randomAnswers(version.definition, using: &generator))
            }
            let writer = ResponseWriter.shared(for: world.database, clock: world.clock)
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for item in items { group.addTask { try await writer.write(item) } }
                for try await stored in group { #expect(stored) }
            }
            await writer.foldNow()
            try await ReportingUseCaseTests.expectRollupsMatchAnswers(world.database)
            // Counts committed but not yet folded when the process stopped are folded at the next start.
            let more = Array(items.prefix(5))
            let now = world.clock.now()
            _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(more, now: now, rollups: .deferred) }
            #expect(try await world.database.sql.raw("SELECT id FROM rollup_pending").all().count == 1)
            try await Schema.migrate(world.database)
            #expect(try await world.database.sql.raw("SELECT id FROM rollup_pending").all().isEmpty)
            try await ReportingUseCaseTests.expectRollupsMatchAnswers(world.database)
        }
    }

    @Test func aDatabaseWithAnswersBeforeReportingGetsItsRollupsWhenMigrated() async throws {
        try await TestDatabase.with(migrate: false) { database in
            let before = Array(Migrations.all.prefix { $0.number < Migrations.reportingNumber })
            try await MigrationRunner(database: database, migrations: before).migrate()
            let clock = ManualClock(TestDatabase.start)
            let now = clock.now()
            _ = try await database.transaction { db in
                try await OrgRepository(db).apply(DemoCounty.nodes(), today: CalendarDay(now), now: now)
            }
            let unit = try #require(try await OrgRepository(database.sql).node(code: "ESIM-U002"))
            // As an earlier version stored them: the row and its answers, no rollups.
            try await database.sql.raw("""
                INSERT INTO responses (id, survey_id, version_id, node_id, node_path, channel, language, submitted_on)
                VALUES ('r1', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002', \(bind: unit.id), \(bind: unit.path),
                        'sms', 'fi', '2026-02-10')
                """).run()
            try await database.sql.raw("""
                INSERT INTO response_answers (response_id, question_key, value_number, value_text, is_cant_say)
                VALUES ('r1', 'thl.nps', 9, NULL, FALSE), ('r1', 'thl.nps_reason', NULL, 'Hyvä', FALSE)
                """).run()
            #expect(try await Schema.migrate(database) == Migrations.all.map(\.number).filter { $0 >= Migrations.reportingNumber })
            try await Self.expectRollupsMatchAnswers(database)
            let counts = try await ReportRepository(database.sql).totals(surveyID: "00000000-0000-7000-8000-000000000001", nodeIDs: [unit.id],
                                                                        from: CalendarDay("2026-02-01")!, to: CalendarDay("2026-02-28")!)
            #expect(counts[unit.id]?["thl.nps"]?["9"] == 1)
            #expect(counts[unit.id]?["thl.nps_reason"]?[RollupValue.text] == 1)
        }
    }

    /// Answers at a unit's children (service points), with the NPS values given.
    static func answer(_ world: UseCaseWorld, at node: OrgNode, nps values: [Int], ageBand: AgeBand? = nil) async throws {
        let surveys = SurveyRepository(world.database.sql)
        let national = try #require(try await surveys.survey(code: NationalSurvey.code))
        let version = try #require(try await surveys.latestVersion(surveyID: national.id))
        let items = values.map { value in
            (response: SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: node, channel: .sms, language: .fi,
                                                     background: .init(ageBand: ageBand), submissionKey: nil),
             answers: ["thl.nps": AnswerValue.number(value)])
        }
        let now = world.clock.now()
        _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(items, now: now) }
    }

    @Test func smallGroupsAndTheGroupTheTotalWouldRevealAreSuppressed() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U002")
            let points = try await OrgRepository(world.database.sql).children(of: unit.id).sorted { $0.code < $1.code }
            try #require(points.count >= 2)
            try await Self.answer(world, at: points[0], nps: [10, 10, 9, 8, 3, 10, 9])
            try await Self.answer(world, at: points[1], nps: [0, 2])
            try await Self.answer(world, at: unit, nps: [10, 10])
            let today = CalendarDay(world.clock.now())
            let period = ReportPeriod(from: today, to: today)!
            let reports = Reports(database: world.database)
            let report = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: unit.code, period: period, by: .childUnits,
                                                   reader: .commandLine)
            #expect(report.total.responses == 11)
            let nps = try #require(report.total.questions.first { $0.question.key == "thl.nps" })
            guard case .nps(let figure)? = nps.figure else { Issue.record("no NPS"); return }
            #expect(figure.promoters == 7 && figure.detractors == 3 && figure.n == 11)
            // Two answers at the second point: hidden. The two at the unit itself are never a row,
            // and 2 + 2 would be derivable from the total, so the first point goes too.
            let first = try #require(report.groups.first { $0.node?.id == points[0].id })
            let second = try #require(report.groups.first { $0.node?.id == points[1].id })
            #expect(second.suppressed && second.questions.allSatisfy { $0.figure == nil })
            #expect(first.suppressed && first.responses == 0)
            #expect(report.groups.filter { !$0.suppressed }.allSatisfy { $0.responses == 0 })
            let json = String(decoding: try ReportFormats.json(report), as: UTF8.self)
            #expect(json.contains("\"suppressed\" : true"))
        }
    }

    @Test func theFeedbackReportCountsCasesByUnitAndWhatTheyLedTo() async throws {
        try await UseCaseWorld.with { world in
            try await TestCases.handled(world.database, at: "ESIM-U002", .criticism, daysAgo: 20, answeredAfter: 2, effects: [.changedPractice],
                                       description: "Takaisinsoitot siirrettiin aamuun, kysy lisää numerosta 040 1234567.", now: world.clock.now())
            try await TestCases.handled(world.database, at: "ESIM-U002", .praise, daysAgo: 15, answeredAfter: 9, effects: [.strengthenedPractice],
                                       description: "Kiitos luettiin tiimissä.", now: world.clock.now())
            try await TestCases.handled(world.database, at: "ESIM-U002", .idea, daysAgo: 10, answeredAfter: nil, now: world.clock.now())
            try await TestCases.handled(world.database, at: "ESIM-U003", .question, daysAgo: 5, answeredAfter: 1, now: world.clock.now())
            try await TestCases.handled(world.database, at: "ESIM-U006", .criticism, daysAgo: 5, answeredAfter: 1, now: world.clock.now())
            // Outside the period: not counted.
            try await TestCases.handled(world.database, at: "ESIM-U002", .criticism, daysAgo: 60, answeredAfter: 1, now: world.clock.now())
            let today = CalendarDay(world.clock.now())
            let period = try #require(ReportPeriod(kind: .custom, from: today.adding(days: -30), to: today))
            let unit = try await world.node("ESIM-U002")
            let areaNode = try #require(try await OrgRepository(world.database.sql).node(id: unit.parentID ?? ""))
            let reports = Reports(database: world.database)
            let area = try await reports.feedback(nodeCode: areaNode.code, period: period, reader: .commandLine, now: world.clock.now())
            #expect(area.total.cases == 4 && area.total.openOverdue == 1 && area.total.answeredLate == 1)
            #expect(area.units.map(\.nodeCode) == ["ESIM-U002", "ESIM-U003"])
            #expect(area.units.first?.figures.cases == 3 && area.total.effects[.changedPractice] == 1)
            // The handler's account is listed, newest first, with personal data masked.
            #expect(area.changes.map(\.effects) == [[.strengthenedPractice], [.changedPractice]])
            #expect(area.changes.last?.description.contains("040 1234567") == false)
            let text = SelfMonitoringText.make(area, catalog: world.catalog, language: .fi)
            // Examples are changes to the work, not thanks passed on.
            #expect(text.contains("– Takaisinsoitot siirrettiin aamuun") && !text.contains("Kiitos luettiin"))
            // In Swedish criticism is "kritik", the form's word: "klagomål" is the formal complaint (issue 27, item 12).
            let swedish = SelfMonitoringText.make(area, catalog: try Catalog.bundled(), language: .sv)
            #expect(swedish.contains(" kritik") && !swedish.lowercased().contains("klagomål"))
            // A unit reporter reads their unit only.
            let policy = AccessPolicy(grants: [Grant(role: .reporter, scopeNodeID: unit.id, scopePath: unit.path)])
            let own = try await reports.feedback(nodeCode: "ESIM-U002", period: period, reader: Actor(id: nil, email: nil, policy: policy), now: world.clock.now())
            #expect(own.total.cases == 3 && own.units.isEmpty)
            for code in ["ESIM-U006", areaNode.code] {
                await #expect(throws: Refused("report_error_node", ["code": code])) {
                    try await reports.feedback(nodeCode: code, period: period, reader: Actor(id: nil, email: nil, policy: policy), now: world.clock.now())
                }
            }
        }
    }

    @Test func aReporterReadsOnlyTheirOwnSubtree() async throws {
        try await UseCaseWorld.with { world in
            let reporter = try await world.user("raportoija@esimerkkila.fi")
            let policy = AccessPolicy(grants: try await UserRepository(world.database.sql).grants(userID: reporter.id).map(\.grant))
            let nodes = try await OrgRepository(world.database.sql).all()
            let inside = try #require(nodes.first { $0.level == .unit && policy.mayReadReports(onNodeAt: $0.path) })
            let outside = try #require(nodes.first { $0.level == .unit && !policy.mayReadReports(onNodeAt: $0.path) })
            let today = CalendarDay(world.clock.now())
            let period = ReportPeriod.last(.month, before: today)
            let reports = Reports(database: world.database, today: today)
            _ = try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: inside.code, period: period, by: nil, reader: Actor(id: nil, email: nil, policy: policy))
            // Any other days are for county admins only (docs/SECURITY.md, "Disclosure control").
            await #expect(throws: Refused("report_error_period")) {
                try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: inside.code,
                                          period: ReportPeriod(from: today.adding(days: -30), to: today)!, by: nil, reader: Actor(id: nil, email: nil, policy: policy))
            }
            await #expect(throws: Refused("report_error_node", ["code": outside.code])) {
                try await reports.summary(surveyCode: NationalSurvey.code, nodeCode: outside.code, period: period, by: nil, reader: Actor(id: nil, email: nil, policy: policy))
            }
        }
    }

    @Test func breakdownOverPartialMonthsAddsTheDaysFromTheAnswers() async throws {
        try await UseCaseWorld.with { world in
            let unit = try await world.node("ESIM-U002")
            try await Self.answer(world, at: unit, nps: [10, 9, 9, 8, 7], ageBand: .age30to39)
            world.clock.advance(by: 40 * 86_400)
            try await Self.answer(world, at: unit, nps: [1, 2, 3, 4, 5, 6], ageBand: .age30to39)
            let start = CalendarDay(TestDatabase.start)
            let period = ReportPeriod(from: start, to: start.adding(days: 45))!
            #expect(!period.partialRanges.isEmpty)
            let report = try await Reports(database: world.database).summary(
                surveyCode: NationalSurvey.code, nodeCode: unit.code, period: period, by: .dimension(.ageBand), reader: .commandLine)
            let band = try #require(report.groups.first { $0.key == "30-39" })
            #expect(band.responses == report.total.responses)
            #expect(band.questions.first { $0.question.key == "thl.nps" }?.answers == report.total.questions.first { $0.question.key == "thl.nps" }?.answers)
        }
    }

    /// "Why is a unit low": the texts are labelled with their month (and unit and score group
    /// where the plan shows those counts), and the topics carry their negative share and the
    /// period they are from. The labels' safety is DisclosureAttackTests'.
    @Test func textsAreLabelledAndTopicsCarryTheirNegativeShare() async throws {
        try await UseCaseWorld.with { world in
            let surveys = SurveyRepository(world.database.sql)
            let national = try #require(try await surveys.survey(code: NationalSurvey.code))
            let version = try #require(try await surveys.latestVersion(surveyID: national.id))
            let texts = ["Jonotin puhelimessa tunnin ennen kuin pääsin läpi.", "Hoitaja oli ystävällinen ja kuunteli.", "Ajan saaminen kesti viikkoja."]
            var items: [(response: SurveyRepository.NewResponse, answers: [String: AnswerValue])] = []
            for code in ["ESIM-U001", "ESIM-U002", "ESIM-U003"] {
                let unit = try await world.node(code)
                for month in ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"] {
                    for index in 0..<24 {
                        items.append((SurveyRepository.NewResponse(surveyID: national.id, versionID: version.id, node: unit, channel: .web, language: .fi,
                                                                   background: .init(ageBand: nil), submissionKey: nil, day: CalendarDay(month + "-10")!),
                                      ["thl.nps": .number(index % 11), "thl.nps_reason": .text(texts[index % 3])]))
                    }
                }
            }
            let now = world.clock.now(), batch = items
            _ = try await world.database.transaction { db in try await SurveyRepository(db).insertBatch(batch, now: now) }
            _ = try await TextAnalytics(database: world.database, clock: world.clock).analysePending(batch: 500, maximum: .max)
            let reports = Reports(database: world.database, today: CalendarDay(world.clock.now()))
            let quarter = try #require(ReportPeriod(code: "2025-Q4"))
            let list = try await reports.openAnswers(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: quarter, questionKey: "thl.nps_reason",
                                                     filter: nil, reader: .commandLine, limit: 100_000)
            #expect(!list.suppressed && list.period == quarter && list.labels.month)
            #expect(list.texts.allSatisfy { text in text.month.map { quarter.months.contains($0.code ?? "") } ?? false })
            let children = try await OrgRepository(world.database.sql).children(of: try await world.node("ESIM").id).map(\.code) + ["ESIM"]
            #expect(!list.labels.unit || list.texts.allSatisfy { children.contains($0.unit?.code ?? "") })
            #expect(list.labels.group || list.texts.allSatisfy { $0.group == nil })
            let view = try await reports.dashboard(surveyCode: NationalSurvey.code, nodeCode: "ESIM", period: try #require(ReportPeriod(code: "2026-02")),
                                                   by: nil, reader: .commandLine)
            let section = try #require(view.topics.first)
            #expect(section.period.code == "2026-02" && !section.rows.isEmpty)
            #expect(section.rows.allSatisfy { row in row.negativeShare == nil || row.negativeShare == Double(row.negative!) / Double(row.count!) * 100 })
            #expect(section.rows.contains { $0.negativeShare != nil } && !section.previous.isEmpty)
        }
    }
}

@Suite struct ResponseImportTests {
    static let header = "response_id,survey_code,submitted_at,service_point_code,channel,language,age_band,contact_type,call_type,question_code,value\n"

    @Test func aFileWithBadRowsStoresNothingAndAGoodOneIsStoredOnce() async throws {
        try await UseCaseWorld.with { world in
            let importer = ResponseImport(database: world.database, clock: world.clock)
            let good = Self.header + """
                old-1,thl-national,2025-05-02,ESIM-U002,sms,fi,30-39,visit,,thl.nps,9
                old-1,thl-national,2025-05-02,ESIM-U002,sms,fi,30-39,visit,,thl.smooth,cant_say
                old-2,phone-service,2025-05-03T10:00:00Z,ESIM-U002,phone,sv,,phone,callback,resolved_during_call,yes
                """
            let bad = good + "\nold-3,thl-national,2025-05-04,EI-OLE,sms,fi,,,,thl.nps,11\nold-4,thl-national,2025-13-01,ESIM-U002,sms,fi,,,,thl.nps,5\n"
            let refused = try await importer.run(csv: bad, skipBadRows: false)
            #expect(!refused.stored && refused.imported == 0)
            #expect(refused.problems.map(\.line) == [5, 6])
            #expect(try await SurveyRepository(world.database.sql).responseCount(surveyID: "00000000-0000-7000-8000-000000000001") == 0)
            // The run reports how far it has come, ending with all done (issue 27, item 14).
            let reported = Mutex<[[Int]]>([])
            let skipped = try await importer.run(csv: bad, skipBadRows: true) { done, total in reported.withLock { $0.append([done, total]) } }
            #expect(skipped.stored && skipped.imported == 2 && skipped.problems.count == 2)
            #expect(reported.withLock { $0.last } == [2, 2])
            let months = Mutex<[[Int]]>([])
            try await Schema.rebuildRollups(world.database) { done, total in months.withLock { $0.append([done, total]) } }
            #expect(months.withLock { $0.last.map { $0[0] == $0[1] && $0[1] > 0 } } == true)
            try await ReportingUseCaseTests.expectRollupsMatchAnswers(world.database)
            let again = try await importer.run(csv: good, skipBadRows: false)
            #expect(again.imported == 0 && again.alreadyImported == 2)
            // Imported answers count on the day they were given, in the rollups too.
            let unit = try await world.node("ESIM-U002")
            let day = CalendarDay("2025-05-02")!
            let counts = try await ReportRepository(world.database.sql).totals(
                surveyID: "00000000-0000-7000-8000-000000000001", nodeIDs: [unit.id], from: day, to: day)
            #expect(counts[unit.id]?["thl.nps"]?["9"] == 1 && counts[unit.id]?["thl.smooth"]?[RollupValue.cantSay] == 1)
        }
    }
}
