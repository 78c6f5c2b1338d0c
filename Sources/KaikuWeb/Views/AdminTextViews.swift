import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct AgreementRow {
    let month: String
    let reviewed: Int
    let sentiment: String
    let topics: String
}

struct CorrectionRow {
    let date: String
    let scope: String
    let labels: String
    let words: String
    let acceptURL: String
}

struct RuleRow {
    let topic: String
    let language: String
    let term: String
    let deleteURL: String
}

struct AdminTextPage: PageView {
    static let template = "admin_text"
    let corrections: [CorrectionRow]
    let hasCorrections: Bool
    let agreement: [AgreementRow]
    let hasAgreement: Bool
    let rules: [RuleRow]
    let hasRules: Bool
    let errors: [String]
    let hasErrors: Bool
    let topics: [LevelOption]
    let languages: [LevelOption]
}
