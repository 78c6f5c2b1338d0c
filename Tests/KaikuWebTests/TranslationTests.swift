import Foundation
import KaikuApp
import KaikuCore
import KaikuWeb
import Testing

@Suite struct TranslationTests {
    @Test func everyKeyExistsInEveryLanguage() {
        let missing = TestApp.catalog.missingKeys()
        #expect(missing.isEmpty, "keys missing: \(missing)")
    }

    @Test func noTranslationIsEmpty() {
        for (language, strings) in TestApp.catalog.strings {
            let empty = strings.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.key)
            #expect(empty.isEmpty, "\(language): \(empty)")
        }
    }

    /// Every `{{t.key}}` a template uses is in the catalog.
    @Test func templatesUseOnlyKnownKeys() throws {
        let directory = URL(fileURLWithPath: KaikuResources.templatesDirectory)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        let known = Set(TestApp.catalog.strings[.fi]!.keys)
        var unknown: [String] = []
        for file in files where file.pathExtension == "mustache" {
            let text = try String(contentsOf: file, encoding: .utf8)
            let regex = try NSRegularExpression(pattern: #"\{\{t\.([a-z0-9_]+)\}\}"#)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                if !known.contains(key) { unknown.append("\(file.lastPathComponent): \(key)") }
            }
        }
        #expect(unknown.isEmpty, "\(unknown)")
    }

    /// Keys the code builds from enums: every case has its text.
    @Test func enumerationsAreTranslated() {
        let keys = Role.allCases.map { "role_" + $0.rawValue } + OrgLevel.allCases.map { "level_" + $0.rawValue }
            + Language.shipped.map { "language_name_" + $0.rawValue }
            + OrgRules.EditProblem.allCasesForTests.map(\.rawValue)
            + [PasswordRules.Problem.tooShort, .tooLong, .tooSimple].map(\.rawValue)
            + OrgImport.Problem.Kind.allCasesForTests.map { "import_problem_" + $0.rawValue }
        let known = Set(TestApp.catalog.strings[.fi]!.keys)
        #expect(keys.filter { !known.contains($0) } == [])
    }
}

extension OrgRules.EditProblem {
    static let allCasesForTests: [Self] = [.badCode, .duplicateCode, .missingName, .nameTooLong, .datesReversed, .badOID,
                                           .unknownParent, .levelOrder, .rootNotCounty, .childLevelOrder, .parentIsDescendant]
}

extension OrgImport.Problem.Kind {
    static let allCasesForTests: [Self] = [.syntax, .missingColumn, .fieldCount, .badCode, .duplicateCode, .badLevel, .missingName,
                                           .nameTooLong, .badDate, .datesReversed, .badOID, .unknownParent, .rootNotCounty,
                                           .countyHasParent, .levelOrder, .cycle, .empty]
}
