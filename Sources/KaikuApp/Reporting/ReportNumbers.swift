import Foundation
import KaikuCore

/// Numbers as the reader's language writes them: a decimal comma in Finnish and Swedish.
public struct ReportNumbers: Sendable {
    public let language: Language

    public init(language: Language) { self.language = language }

    public func decimal(_ value: Double, _ places: Int) -> String {
        language == .en ? ExcelCSV.point(value, places: places) : ExcelCSV.decimalComma(value, places: places)
    }

    /// A target's value, with the node that set it when it is not the report's own.
    public func targetText(_ applied: AppliedTarget, of node: OrgNode) -> String {
        let value = decimal(applied.target.value, applied.target.value == applied.target.value.rounded() ? 0 : 2)
        return applied.node.id == node.id ? value : "\(value) (\(applied.node.name[language]))"
    }

    public func signed(_ value: Double, _ places: Int) -> String { (value > 0 ? "+" : value < 0 ? "−" : "±") + decimal(abs(value), places) }

    public func headline(_ figure: QuestionFigure?) -> String {
        switch figure {
        case .nps(let f): decimal(f.nps, 0)
        case .scale(let f): decimal(f.mean, 2)
        case .yesNo(let f): f.yesShare.map { decimal($0, 0) + " %" } ?? "–"
        case .choice, .text, nil: "–"
        }
    }

    public func detail(_ figure: QuestionFigure?, _ catalog: Catalog) -> String {
        switch figure {
        case .nps(let f):
            catalog.format("report_nps_detail", language, ["low": decimal(f.ciLow, 0), "high": decimal(f.ciHigh, 0),
                                                           "promoters": String(f.promoters), "passives": String(f.passives), "detractors": String(f.detractors)])
        case .scale(let f):
            catalog.format("report_scale_detail", language, ["top": decimal(f.topShare, 0), "cant": String(f.cantSay)])
        case .yesNo(let f):
            catalog.format("report_yes_detail", language, ["yes": String(f.yes), "no": String(f.no), "cant": String(f.cantSay)])
        case .choice(let f):
            f.options.map { "\($0.key) \(decimal($0.share, 0)) %" }.joined(separator: ", ")
        case .text(let count):
            catalog.format("report_text_detail", language, ["count": String(count)])
        case nil: ""
        }
    }
}
