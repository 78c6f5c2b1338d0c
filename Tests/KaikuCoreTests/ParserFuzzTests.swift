import Foundation
import KaikuTestSupport
import Testing
@testable import KaikuCore

/// Every parser of outside input under seeded random and mutated inputs: it never traps, refuses
/// bad input with its documented error or problems, and reads back what Kaiku writes.
/// A failure names its seed and case; `KAIKU_FUZZ_SEED=<seed>` runs that seed again.
@Suite struct ParserFuzzTests {
    // MARK: CSV and the organisation import

    static let csvStructure = ["\"", "\"\"", ",", ";", "\n", "\r\n", "\r", "'", "=", "\u{FEFF}"]

    @Test func csvRefusesOrReadsAnyText() {
        let seedFile = "code;name\nA;\"Ääne, koski\"\n\"quo\"\"te\";\"two\nlines\"\r\n"
        Fuzz.cases(3_000) { fuzz in
            let text = fuzz.chance(0.5) ? fuzz.mutate(seedFile, structural: Self.csvStructure) : fuzz.text(upTo: 80, structural: Self.csvStructure)
            let lines = text.unicodeScalars.count { $0 == "\n" || $0 == "\r" } + 1
            do throws(CSV.SyntaxError) {
                let records = try CSV.parse(text)
                #expect(records.allSatisfy { (1...lines).contains($0.line) && !$0.fields.isEmpty }, "\(fuzz.label)")
                #expect(zip(records, records.dropFirst()).allSatisfy { $0.line < $1.line }, "\(fuzz.label)")
            } catch {
                #expect((1...lines).contains(error.line) && !error.message.isEmpty, "\(fuzz.label)")
            }
        }
    }

    /// An export (`CSV.line`, each cell neutralised) reads back cell for cell (`CSV.parse`, each
    /// cell restored); only CR LF inside a cell comes back as LF.
    @Test func csvReadsBackEveryExport() throws {
        let starts = ["'", "''", "=", "+", "-", "@", "\t", "\r", "\u{301}", "\"", ",", ";"]
        try Fuzz.cases(2_000) { fuzz in
            var rows: [[String]] = []
            for _ in 0..<fuzz.int(1...4) {
                let width = fuzz.int(2...5)
                rows.append((0..<width).map { _ in
                    (fuzz.chance(0.3) ? fuzz.pick(starts) : "") + fuzz.text(upTo: 12, structural: Self.csvStructure)
                })
            }
            let records = try CSV.parse(rows.map(CSV.line).joined())
            let read = records.map { $0.fields.map(CSV.restore) }
            #expect(read == rows.map { $0.map(Fuzz.lineFeeds) }, "\(fuzz.label)")
        }
    }

    @Test func neutraliseIsUndoneByRestoreAndDisarmsEveryFormula() {
        Fuzz.cases(3_000) { fuzz in
            let field = fuzz.text(upTo: 6, structural: ["'", "=", "+", "-", "@", "\t", "\r"])
            let written = CSV.neutralise(field)
            #expect(CSV.restore(written) == field, "\(fuzz.label)")
            if let first = written.unicodeScalars.first { #expect(!"=+-@\t\r".unicodeScalars.contains(first), "\(fuzz.label)") }
        }
    }

    static let orgFile = """
        code,parent_code,level,name_fi,name_sv,name_en,valid_from,valid_to,oid
        ESIM,,county,Esimerkkilän hyvinvointialue,Exempelby välfärdsområde,Esimerkkilä County,2023-01-01,,1.2.246.10.1
        TER,ESIM,division,Terveyspalvelut,Hälsovårdstjänster,Health services,2023-01-01,,
        TA,TER,result_area,Terveysasemat,Hälsostationer,Health centres,,,
        U1,TA,unit,"Rantalan terveysasema, pääkäynti",,,2023-01-01,2026-12-31,
        123456,U1,service_point,Vastaanotto,Mottagning,Appointments,,,

        """

    @Test func orgImportAcceptsOrListsProblemsForAnyFile() {
        Fuzz.cases(2_000) { fuzz in
            let text = fuzz.mutate(Self.orgFile, structural: Self.csvStructure + ["ESIM", "U1", "unit", "county", "2023-02-30", "1.2.x"])
            let lines = text.unicodeScalars.count { $0 == "\n" || $0 == "\r" } + 1
            switch OrgImport.read(text) {
            case .success(let rows):
                #expect(!rows.isEmpty && rows.allSatisfy { $0.line >= 2 && $0.line <= lines && OrgRules.isValidCode($0.node.code) }, "\(fuzz.label)")
                #expect(Set(rows.map(\.node.code)).count == rows.count, "\(fuzz.label)")
            case .failure(let failure):
                #expect(!failure.problems.isEmpty && failure.problems.allSatisfy { (1...lines).contains($0.line) }, "\(fuzz.label)")
            }
        }
    }

    /// `org export` → `org import` keeps every name, whatever its characters.
    @Test func orgExportReadsBack() throws {
        try Fuzz.cases(500) { fuzz in
            func name() -> String {
                // Line ends are csvReadsBackEveryExport's; here a name keeps its LFs only.
                String(String.UnicodeScalarView(fuzz.text(upTo: 20, structural: Self.csvStructure).unicodeScalars.filter { $0 != "\r" }))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let county = OrgNodeSpec(code: "C", parentCode: nil, level: .county, name: LocalizedText(fi: "Maakunta"), validFrom: nil, validTo: nil, oid: nil)
            let units = (0..<fuzz.int(1...6)).map { i in
                OrgNodeSpec(code: "U\(i)", parentCode: "C", level: .unit, name: LocalizedText(fi: "Y" + name(), sv: name(), en: name()),
                            validFrom: nil, validTo: nil, oid: nil)
            }
            let rows = try OrgImport.read(OrgImport.csv([county] + units)).get()
            #expect(rows.map(\.node) == [county] + units, "\(fuzz.label)")
        }
    }

    // MARK: Visits: the file, JSON records and FHIR bundles

    static let visitFile = Array(#"""
        \#u{FEFF}visit_id,person_ref,phone,birth_date,language,service_point_code,contact_type,call_type,visit_start,visit_end,e_service_consent,non_disclosure,sms_opt_out\#r
        V1,P1,040 123 4567;050 765 4321,1980-05-05,sv,100021,phone,callback,2026-11-20T13:00:00+02:00,2026-11-20T13:10:00+02:00,true,false,false\#r
        V2,P2,0401234567,05.05.1980,fi,100021,visit,,2026-11-20T13:00,2026-11-20T13:10:00Z,yes,false,false\#r
        "V,""3""",P3,0401234567,1980-05-05,fi,100021,home_visit,direct,2026-11-20T13:00:00.5+0200,2026-11-20T14:00:00Z,TRUE,false,false

        """#.utf8)
    static let visitStructure = ["\"", "\"\"", ",", ";", "\n", "\r\n", "-", ":", "+", "T", "Z", ".", "true", "2026-11-20T13:00:00+02:00"]

    @Test func visitFileReadsEveryRowOrSaysWhyNot() {
        let header = Array(Self.visitFile.prefix { $0 != 10 }) + [10]
        Fuzz.cases(3_000) { fuzz in
            let bytes = switch fuzz.int(0...2) {
            case 0: fuzz.bytes(upTo: 300)
            case 1: header + fuzz.bytes(upTo: 300)
            default: fuzz.mutate(Self.visitFile, structural: Self.visitStructure)
            }
            let lines = bytes.count { $0 == 10 } + 1
            let result = VisitFile.read(bytes)
            Self.checkVisits(result, lines: 1...lines, fuzz.label)
        }
    }

    /// What the rules promise of every visit read, however it was written.
    static func checkVisits(_ result: VisitFile.Result, lines: ClosedRange<Int>, _ label: String) {
        #expect(result.visits.count == result.lines.count, "\(label)")
        #expect(result.lines.allSatisfy(lines.contains) && result.problems.allSatisfy { lines.contains($0.line) }, "\(label)")
        #expect(Set(result.lines).isDisjoint(with: result.problems.map(\.line)), "\(label)")
        for visit in result.visits {
            #expect(!visit.visitID.isEmpty && visit.visitID.utf8.count <= 100 && !visit.personRef.isEmpty && !visit.servicePointCode.isEmpty, "\(label)")
            #expect(visit.start <= visit.end && visit.language.utf8.count <= 3, "\(label)")
        }
    }

    static let visitRecords = Array(#"""
        [{"visit_id": "V1", "person_ref": "P1", "phone": ["040 123 4567", "050 765 4321"], "birth_date": "1980-05-05", "language": "sv",
          "service_point_code": "100021", "contact_type": "phone", "call_type": "callback", "visit_start": "2026-11-20T13:00:00+02:00",
          "visit_end": "2026-11-20T13:10:00+02:00", "e_service_consent": true, "non_disclosure": "false", "sms_opt_out": false},
         {"visit_id": "V2", "person_ref": null, "phone": 40, "extra": {}}]
        """#.utf8)
    static let jsonStructure = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "null", "true", "1e999", "-0", " "]

    /// `POST /api/v1/visits` with a list of records, and the SMS delivery callback's object.
    @Test func visitRecordsReadAnyJSON() {
        Fuzz.cases(2_000) { fuzz in
            let data = Data(fuzz.chance(0.2) ? fuzz.bytes(upTo: 200) : fuzz.mutate(Self.visitRecords, structural: Self.jsonStructure))
            if let records = try? JSONDecoder().decode([[String: VisitFile.Value]].self, from: data) {
                Self.checkVisits(VisitFile.read(records: records), lines: 1...max(1, records.count), fuzz.label)
            }
            _ = try? JSONDecoder().decode([String: VisitFile.Value].self, from: data)
            _ = try? JSONSerialization.jsonObject(with: data)
        }
    }

    static let bundle = Array("""
        {"resourceType": "Bundle", "entry": [
          {"fullUrl": "urn:uuid:a", "resource": {"resourceType": "Patient", "id": "a", "birthDate": "1990-01-01", "meta": {"security": [{"code": "R"}]},
           "telecom": [{"system": "phone", "value": "0401234567"}], "communication": [{"language": {"coding": [{"code": "sv-FI"}]}, "preferred": true}],
           "extension": [{"url": "https://kaiku.fi/fhir/StructureDefinition/sms-opt-out", "valueBoolean": true}]}},
          {"resource": {"resourceType": "Encounter", "id": "x", "identifier": [{"value": "VISIT-9"}], "status": "finished",
           "class": {"code": "HH"}, "subject": {"reference": "Patient/a"}, "period": {"start": "2026-03-02T10:00:00+02:00", "end": "2026-03-02T11:00:00+02:00"},
           "serviceProvider": {"reference": "Organization/100021"}, "location": [{"location": {"identifier": {"value": "100022"}}}]}},
          {"resource": {"resourceType": "Encounter", "id": "z", "status": "finished", "subject": {"reference": "urn:uuid:a"}}}
        ]}
        """.utf8)

    @Test func fhirBundlesAreReadOrRefused() {
        Fuzz.cases(2_000) { fuzz in
            let data = Data(fuzz.chance(0.1) ? fuzz.bytes(upTo: 200) : fuzz.mutate(Self.bundle, structural: Self.jsonStructure + ["Patient", "Encounter", "Bundle"]))
            _ = FHIRVisits.isFHIR(data)
            do {
                let result = try FHIRVisits.read(data)
                Self.checkVisits(result, lines: 1...max(1, data.count), fuzz.label)
            } catch {
                #expect(error as? FHIRVisits.Failure == .notABundle, "\(fuzz.label)")
            }
        }
    }

    /// A body nested 100 000 deep must be refused, not overflow the stack: every decoder the
    /// JSON routes use (`JSONSerialization` for answers, widget and kiosk posts, `JSONDecoder`
    /// for visits, FHIR bundles and delivery reports).
    @Test func deeplyNestedJSONIsRefused() {
        let depth = 100_000
        for body in [String(repeating: "[", count: depth), String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
                     String(repeating: #"{"a":"#, count: depth), #"{"resourceType":"Bundle","entry":"# + String(repeating: "[", count: depth)] {
            let data = Data(body.utf8)
            #expect((try? JSONSerialization.jsonObject(with: data)) == nil)
            #expect((try? JSONDecoder().decode([[String: VisitFile.Value]].self, from: data)) == nil)
            #expect((try? JSONDecoder().decode([String: VisitFile.Value].self, from: data)) == nil)
            #expect(!FHIRVisits.isFHIR(data))
            #expect(throws: FHIRVisits.Failure.notABundle) { try FHIRVisits.read(data) }
        }
    }

    // MARK: Personal data

    static let personalPieces = ["131052-308T", "010101A123N", "0401234567", "+358 40 123 4567", "(09) 1234 567", "040-123 4567",
                                 "matti.m@esim.fi", "a@b.co", "Mannerheimintie 12 A 3", "Storgatan 5", "Matti Virtanen", "@", ".", "-", "+",
                                 " ", "0", "12345", "A", "Katu"]

    @Test func personalDataFindingsAreOrderedAndMaskingIsFinal() {
        Fuzz.cases(2_000) { fuzz in
            var text = ""
            for _ in 0..<fuzz.int(0...12) {
                text += fuzz.chance(0.5) ? fuzz.pick(Self.personalPieces) : fuzz.text(upTo: 6, structural: [" ", "0", "9", "@", "-"])
            }
            if fuzz.chance(0.3) { text = fuzz.mutate(text, structural: Self.personalPieces) }
            let findings = PersonalData.find(in: text)
            #expect(findings.allSatisfy { String(text[$0.range]) == $0.text && !$0.text.isEmpty }, "\(fuzz.label)")
            #expect(zip(findings, findings.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound }, "\(fuzz.label)")
            let masked = PersonalData.mask(text)
            #expect(PersonalData.mask(masked) == masked, "\(fuzz.label)")
            #expect(PersonalData.find(in: masked, kinds: PersonalData.Kind.identifiers).isEmpty, "\(fuzz.label)")
        }
    }

    /// Name detection is tried with a stand-in detector (KaikuCore has no Voikko), called directly
    /// so that the process-wide detector other tests rely on stays as it is.
    struct GivenNames: NameDetector {
        func isName(_ word: String, sentenceInitial: Bool) -> Bool { ["Matti", "Anna", "Åsa", "Ärräpää"].contains(word) }
    }

    @Test func nameRangesLieInTheTextInOrder() {
        Fuzz.cases(2_000) { fuzz in
            var text = ""
            for _ in 0..<fuzz.int(0...10) {
                text += fuzz.chance(0.5) ? fuzz.pick(["Matti", "Anna", "Åsa", "Ärräpää", "Virtanen", " ", ". ", "-", ","]) : fuzz.text(upTo: 5)
            }
            let ranges = PersonalData.nameRanges(in: text, GivenNames())
            #expect(ranges.allSatisfy { !$0.isEmpty && $0.upperBound <= text.endIndex }, "\(fuzz.label)")
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }, "\(fuzz.label)")
        }
    }

    // MARK: Answers

    /// A survey with a question of every kind, a required one and a conditional follow-up.
    static let everyKind = SurveyDefinition(questions: QuestionType.allCases.map { type in
        let options = [QuestionOption(key: "a", text: LocalizedText(fi: "A")), QuestionOption(key: "b-2", text: LocalizedText(fi: "B"))]
        return Question(key: type.rawValue, type: type, text: LocalizedText(fi: type.rawValue),
                        options: [.singleChoice, .multipleChoice].contains(type) ? options : [],
                        isRequired: type == .agree5, condition: type == .freeText ? QuestionCondition(questionKey: "nps", minimum: 0, maximum: 6) : nil)
    })

    @Test func answersAreReadOrRefusedQuestionByQuestion() {
        let definitions = [NationalSurvey.definition, PhoneServiceSurvey.definition, Self.everyKind]
        Fuzz.cases(3_000) { fuzz in
            let definition = fuzz.pick(definitions)
            var fields: [String: [String]] = [:]
            for question in definition.questions where fuzz.chance(0.8) {
                fields["q.\(question.key)"] = (0..<fuzz.int(1...3)).map { _ in Self.answer(to: question, &fuzz) }
            }
            if fuzz.chance(0.2) { fields[fuzz.text(upTo: 8)] = [fuzz.text(upTo: 8)] }
            let (answers, problems) = SurveyAnswers.read(definition, fields: fields)
            let questions = Dictionary(uniqueKeysWithValues: definition.questions.map { ($0.key, $0) })
            #expect(problems.allSatisfy { questions[$0.questionKey] != nil && answers[$0.questionKey] == nil }, "\(fuzz.label)")
            for (key, value) in answers {
                guard let question = questions[key] else { Issue.record("an answer to no question: \(fuzz.label)"); continue }
                #expect(SurveyAnswers.isShown(question, answers: answers) && Self.fits(value, question), "\(fuzz.label) \(key) \(value)")
            }
            // A shown question with something in its field is either answered or refused.
            for question in definition.questions where SurveyAnswers.isShown(question, answers: answers) {
                let given = !(fields["q.\(question.key)"] ?? []).allSatisfy { $0.trimmed.isEmpty }
                let refused = problems.contains { $0.questionKey == question.key }
                #expect((answers[question.key] != nil) != refused || (!given && !question.isRequired), "\(fuzz.label) \(question.key)")
            }
        }
    }

    static func answer(to question: Question, _ fuzz: inout Fuzz) -> String {
        let valid: [String] = switch question.type {
        case .nps, .agree5, .smiley3, .smiley5: question.type.scale!.map(String.init) + (question.type.allowsCantSay ? ["cant_say"] : [])
        case .yesNo: ["yes", "no", "cant_say"]
        case .singleChoice, .multipleChoice: question.options.map(\.key)
        case .freeText: [fuzz.text(upTo: 40), String(repeating: "x", count: SurveyAnswers.maxTextLength + 1)]
        }
        let one = valid.isEmpty ? "" : fuzz.pick(valid)
        return switch fuzz.int(0...5) {
        case 0...2: one
        case 3: " \(one)\n"
        case 4: fuzz.mutate(one, structural: ["-", "+", "0", " ", "\u{0}"])
        default: fuzz.text(upTo: 8, structural: ["-1", "11", "99999999999999999999", "yes", "a"])
        }
    }

    static func fits(_ value: AnswerValue, _ question: Question) -> Bool {
        switch value {
        case .number(let n): (question.type == .yesNo ? Optional(0...1) : question.type.scale)?.contains(n) ?? false
        case .cantSay: question.type.allowsCantSay
        case .choice(let key): question.type == .singleChoice && question.options.contains { $0.key == key }
        case .choices(let keys): question.type == .multipleChoice && !keys.isEmpty && keys.allSatisfy { k in question.options.contains { $0.key == k } }
        case .text(let text): question.type == .freeText && text.count <= SurveyAnswers.maxTextLength && text == text.trimmed
        }
    }

    // MARK: Headers and admin-written text

    @Test func headersAndSmallParsersTakeAnyText() {
        let trusted = [AddressRange("10.0.0.0/8")!, AddressRange("::1")!]
        Fuzz.cases(3_000) { fuzz in
            let text = fuzz.text(upTo: 40, structural: [",", ";", "q=", "=", ":", "::", ".", "[", "]", "\"", "%", "-", "_", "1", "f", "sv", "en-GB", "#", "- ", "\n\n", "|"])
            // Accept-Language, the language cookie and ?lang=.
            _ = Language.negotiate(query: fuzz.chance(0.3) ? text : nil, cookie: text, acceptLanguage: text)
            // Forwarding headers behind a trusted proxy: the answer is the peer or an address read from them.
            if let client = ClientAddress.resolve(peer: "10.0.0.1", header: fuzz.pick(ClientAddress.Header.allCases), values: [text], trusted: trusted) {
                #expect(client == "10.0.0.1" || IPAddress.parse(client) != nil, "\(fuzz.label)")
            }
            if let bytes = IPAddress.parse(text) { #expect(bytes.count == 4 || bytes.count == 16, "\(fuzz.label)") }
            _ = AddressRange(text)
            if let origin = WidgetOrigin.normalise(text) { #expect(WidgetOrigin.normalise(origin) == origin, "\(fuzz.label)") }
            // Admin-written page text and option lists.
            #expect(TextBlock.parse(text).allSatisfy { !$0.lines.isEmpty }, "\(fuzz.label)")
            if let options = SurveyDesign.parseOptions(text) {
                #expect(SurveyDesign.parseOptions(SurveyDesign.formatOptions(options)) == options, "\(fuzz.label)")
            }
            // XML and HTML text: nothing left that markup or XML 1.0 would read differently.
            let escaped = Markup.escape(text)
            #expect(!escaped.unicodeScalars.contains { "<>\"".unicodeScalars.contains($0) || ($0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0)) }, "\(fuzz.label)")
            _ = CalendarDay(text)
        }
    }

    @Test func addressesReadBackFromTheirFormat() {
        Fuzz.cases(3_000) { fuzz in
            var bytes = (0..<(fuzz.chance(0.5) ? 4 : 16)).map { _ in UInt8(fuzz.int(0...255)) }
            // An IPv4-mapped IPv6 address is read as the IPv4 one, by design.
            if bytes.count == 16 { bytes[10] = 0 }
            #expect(IPAddress.parse(IPAddress.format(bytes)) == bytes, "\(fuzz.label)")
        }
    }
}
