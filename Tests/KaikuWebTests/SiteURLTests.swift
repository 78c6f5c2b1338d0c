import Foundation
@testable import KaikuWeb
import Testing

@Suite struct SiteURLTests {
    /// Templates write no path of their own: a path without a parameter comes by name from `site`
    /// (and that name is a `SiteURL` case), one with a parameter from the view model.
    @Test func templatesTakeEveryPathFromSiteURL() throws {
        let directory = URL(fileURLWithPath: KaikuResources.templatesDirectory)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "mustache" }
        let known = Set(SitePaths.shared.paths.keys)
        let regex = try NSRegularExpression(pattern: #"\{\{site\.([A-Za-z0-9_]+)\}\}"#)
        var used: Set<String> = []
        var unknown: [String] = []
        var literal: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                used.insert(name)
                if !known.contains(name) { unknown.append("\(file.lastPathComponent): site.\(name)") }
            }
            for attribute in [#"href="/"#, #"action="/"#, #"src="/"#] where text.contains(attribute) {
                literal.append("\(file.lastPathComponent): \(attribute)")
            }
        }
        #expect(files.count > 40)
        #expect(used.contains("adminUsers") && used.contains("stylesheet"))
        #expect(unknown.isEmpty, "\(unknown)")
        #expect(literal.isEmpty, "\(literal)")
    }

    /// `site` answers each case without a parameter by the case's own name, with its one path.
    @Test func siteNamesAreTheCasesWithoutParameters() {
        let names = SiteURL.fixed.map { String(describing: $0) }
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.allSatisfy(\.isLetter) })
        #expect(Set(SiteURL.fixed.map(\.path)).count == SiteURL.fixed.count)
        #expect(SitePaths.shared.child(named: "adminUsers") as? String == SiteURL.adminUsers.path)
        #expect(SitePaths.shared.child(named: "home") as? String == "/")
        #expect(SitePaths.shared.child(named: "caseDetail") == nil)
    }
}
