import Testing
@testable import KaikuCore

@Suite struct OrgImportTests {
    static let header = "code,parent_code,level,name_fi,name_sv,name_en,valid_from,valid_to,oid\n"

    @Test func acceptsAGoodFile() throws {
        let file = Self.header + """
            ESIM,,county,Esimerkkilän hyvinvointialue,Exempelby välfärdsområde,Esimerkkilä County,2023-01-01,,1.2.246.10.1
            TER,ESIM,division,Terveyspalvelut,Hälsovårdstjänster,Health services,2023-01-01,,
            TA,TER,result_area,Terveysasemat,Hälsostationer,Health centres,,,
            U1,TA,unit,"Rantalan terveysasema, pääkäynti",,,2023-01-01,2026-12-31,
            123456,U1,service_point,Vastaanotto,Mottagning,Appointments,,,
            """
        let rows = try OrgImport.read(file).get()
        #expect(rows.count == 5)
        #expect(rows[3].node.name.fi == "Rantalan terveysasema, pääkäynti")
        #expect(rows[3].node.name[.sv] == "Rantalan terveysasema, pääkäynti")
        #expect(rows[3].node.validTo == CalendarDay("2026-12-31"))
        #expect(rows[0].node.oid == "1.2.246.10.1")
        #expect(rows[4].line == 6)
    }

    @Test func refusesABadFileListingEveryProblemByLine() throws {
        let file = Self.header + """
            ESIM,,county,Esimerkkilä,,,,,
            D1,ESIM,division,Jako,,,2023-02-30,,
            D1,ESIM,division,Kaksoiskappale,,,,,
            U1,NOPE,unit,Orpo,,,,,
            R1,D1,result_area,Tulosalue,,,2024-01-01,2023-01-01,
            X1,R1,division,Väärä taso,,,,,
            B1,ESIM,planet,Tuntematon taso,,,,,
            ,ESIM,unit,Ei koodia,,,,,
            C1,C2,unit,Kehä A,,,,,
            C2,C1,unit,Kehä B,,,,,
            O1,ESIM,division,Huono OID,,,,,abc
            S1,ESIM,unit,,,,,,
            T1,ESIM,unit,Liian vähän kenttiä
            """
        guard case .failure(let failure) = OrgImport.read(file) else {
            Issue.record("a bad file was accepted")
            return
        }
        let found = Set(failure.problems.map { "\($0.line):\($0.kind.rawValue)" })
        let expected: Set<String> = [
            "3:badDate", "4:duplicateCode", "5:unknownParent", "6:datesReversed", "7:levelOrder",
            "8:badLevel", "9:badCode", "10:cycle", "12:badOID", "13:missingName", "14:fieldCount",
        ]
        #expect(expected.isSubset(of: found), "missing: \(expected.subtracting(found))")
        #expect(failure.problems.map(\.line) == failure.problems.map(\.line).sorted())
        #expect(failure.problems.allSatisfy { !$0.description.isEmpty })
    }

    @Test func missingColumnsAreNamed() {
        guard case .failure(let failure) = OrgImport.read("code,level\nA,county\n") else {
            Issue.record("accepted")
            return
        }
        #expect(failure.problems.map(\.detail).contains("parent_code"))
        #expect(failure.problems.allSatisfy { $0.kind == .missingColumn && $0.line == 1 })
    }

    @Test func emptyAndHeaderOnlyFilesAreRefused() {
        for file in ["", Self.header] {
            guard case .failure(let failure) = OrgImport.read(file) else {
                Issue.record("accepted \(file)")
                continue
            }
            #expect(failure.problems.first?.kind == .empty || failure.problems.first?.kind == .missingColumn)
        }
    }

    @Test func onlyACountyMayBeARoot() {
        guard case .failure(let failure) = OrgImport.read(Self.header + "U1,,unit,Orpo,,,,,\n") else {
            Issue.record("accepted")
            return
        }
        #expect(failure.problems.map(\.kind) == [.rootNotCounty])
    }
}

@Suite struct OrgSyncPlanTests {
    func node(_ code: String, _ parent: String?, _ level: OrgLevel, _ name: String, validTo: String? = nil) -> OrgNodeSpec {
        OrgNodeSpec(code: code, parentCode: parent, level: level, name: LocalizedText(fi: name), validTo: validTo.flatMap(CalendarDay.init))
    }

    @Test func createsUpdatesAndClosesNeverDeletes() {
        let today = CalendarDay("2026-03-02")!
        let existing = [
            node("C", nil, .county, "Alue"), node("U1", "C", .unit, "Vanha nimi"), node("U2", "C", .unit, "Poistuva"),
            node("U3", "C", .unit, "Jo lakkautettu", validTo: "2025-12-31"),
        ]
        let incoming = [node("C", nil, .county, "Alue"), node("U1", "C", .unit, "Uusi nimi"), node("U4", "C", .unit, "Uusi")]
        let plan = OrgSyncPlan.make(existing: existing, incoming: incoming, today: today)
        #expect(plan.creates.map(\.code) == ["U4"])
        #expect(plan.updates.map(\.code) == ["U1"])
        #expect(plan.closes.map(\.code) == ["U2"])
        #expect(plan.closes.first?.validTo == CalendarDay("2026-03-01"))
        #expect(plan.unchanged == 2)
    }

    @Test func createsComeParentsFirst() {
        let incoming = [node("U", "R", .unit, "u"), node("R", "C", .resultArea, "r"), node("C", nil, .county, "c")]
        let plan = OrgSyncPlan.make(existing: [], incoming: incoming, today: CalendarDay("2026-01-01")!)
        #expect(plan.creates.map(\.code) == ["C", "R", "U"])
    }
}
