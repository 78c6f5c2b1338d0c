import Foundation
import KaikuCore

/// The attention list as data (JSON: `kaiku report attention` and the API) and as a table (CSV,
/// XLSX). A suppressed node carries `suppressed: true` and no figures.
public enum AttentionFormats {
    public static let columns = ["code", "name", "level", "n", "nps", "ci_low", "ci_high", "target", "gap", "previous_nps", "change",
                                 "response_rate", "below_target", "falling", "suppressed", "topics"]

    public static func json(_ list: Reports.AttentionList, language: Language = .fi) throws -> Data {
        let object: [String: Any] = [
            "survey": list.survey.code, "node": list.node.code, "from": list.period.from.description, "to": list.period.to.description,
            "previous_from": list.previousPeriod.from.description, "previous_to": list.previousPeriod.to.description,
            "question": list.question?.key ?? NSNull(), "nodes": list.rows.map { row(for: $0, language: language) },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    static func row(for row: Attention.Row, language: Language) -> [String: Any] {
        func number(_ value: Double?, _ places: Int = 1) -> Any { value.map { ReportFormats.round($0, places) } ?? NSNull() }
        return [
            "code": row.node.code, "name": row.node.name[language], "level": row.node.level.rawValue, "n": row.responses,
            "nps": number(row.figure?.nps), "ci_low": number(row.figure?.ciLow), "ci_high": number(row.figure?.ciHigh),
            "target": number(row.target, 2), "gap": number(row.gap), "previous_nps": number(row.previous?.nps), "change": number(row.change),
            "response_rate": number(row.responseRate), "below_target": row.isBelowTarget, "falling": row.isFalling,
            "suppressed": row.suppressed, "topics": row.negativeTopics.map(\.rawValue),
        ]
    }

    /// One header row of the codes above, then one row per node.
    public static func table(_ list: Reports.AttentionList, language: Language = .fi) -> [[Cell]] {
        func decimal(_ value: Double?, _ places: Int = 1) -> Cell { value.map { .decimal($0, places: places) } ?? .empty }
        func yes(_ flag: Bool) -> Cell { .text(flag ? "true" : "false") }
        return [columns.map { Cell.text($0) }] + list.rows.map { row in
            [.text(row.node.code), .text(row.node.name[language]), .text(row.node.level.rawValue), .integer(row.responses),
             decimal(row.figure?.nps), decimal(row.figure?.ciLow), decimal(row.figure?.ciHigh), decimal(row.target, 2), decimal(row.gap),
             decimal(row.previous?.nps), decimal(row.change), decimal(row.responseRate), yes(row.isBelowTarget), yes(row.isFalling),
             yes(row.suppressed), .text(row.negativeTopics.map(\.rawValue).joined(separator: ","))]
        }
    }
}
