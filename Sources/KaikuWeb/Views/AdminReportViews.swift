import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct TargetRow {
    let node: String
    let survey: String
    let question: String
    let period: String
    let value: String
    let deleteHref: String
}

struct AdminReportsPage: PageView {
    static let template = "admin_reports"
    let isCountyAdmin: Bool
    let minAnswers: Int
    let minTextAnswers: Int
    let targets: [TargetRow]
    let hasTargets: Bool
    let errors: [String]
    let hasErrors: Bool
    let surveys: [LevelOption]
    let survey: String
    let surveyName: String
    let questions: [LevelOption]
    let nodes: [LevelOption]
    let from: String
    let to: String
    let value: String
    /// The CSV the admin pasted, kept when it was refused.
    let importDraft: String
}
