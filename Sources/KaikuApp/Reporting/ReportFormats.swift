import Foundation
import KaikuCore
import KaikuStorage

/// The summary report as data for machines (JSON: the API and `kaiku report summary`) and as a
/// table for people (CSV for Excel, XLSX). Suppressed groups carry `suppressed: true` and no figure.
public enum ReportFormats {
    public static func json(_ report: SummaryReport) throws -> Data {
        var object: [String: Any] = [
            "survey": report.survey.code, "node": report.node.code, "from": report.period.from.description,
            "to": report.period.to.description, "minimum_answers": report.rule.minimumAnswers,
            "total": group(report.total, targets: report.targets),
        ]
        if let breakdown = report.breakdown {
            object["by"] = breakdown.code
            object["groups"] = report.groups.map { group($0, targets: [:]) }
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    /// A group's figures; the total carries each question's target and the gap to it.
    static func group(_ group: GroupResult, targets: [String: AppliedTarget]) -> [String: Any] {
        var object: [String: Any] = ["group": groupName(group)]
        if group.suppressed {
            object["suppressed"] = true
            return object
        }
        object["responses"] = group.responses
        object["questions"] = group.questions.map { result in
            var object = question(result)
            if let applied = targets[result.question.key] {
                object["target"] = applied.target.value
                object["target_node"] = applied.node.code
                if let gap = applied.gap(result.figure) { object["gap"] = round(gap, 2) }
            }
            return object
        }
        return object
    }

    /// A child unit by its code, a bucket by its code, the unknown bucket as "unknown".
    static func groupName(_ group: GroupResult) -> String {
        group.node?.code ?? (group.key.isEmpty ? "unknown" : group.key)
    }

    static func question(_ result: QuestionResult) -> [String: Any] {
        var object: [String: Any] = ["key": result.question.key, "type": result.question.type.rawValue]
        if result.suppressed {
            object["suppressed"] = true
            return object
        }
        object["n"] = result.answers
        switch result.figure {
        case .nps(let f):
            object.merge(["nps": round(f.nps, 1), "promoters": f.promoters, "passives": f.passives, "detractors": f.detractors,
                          "ci_low": round(f.ciLow, 1), "ci_high": round(f.ciHigh, 1)]) { $1 }
        case .scale(let f):
            object.merge(["mean": round(f.mean, 2), "top_share": round(f.topShare, 1), "distribution": f.distribution,
                          "cant_say": f.cantSay]) { $1 }
        case .yesNo(let f):
            object.merge(["yes": f.yes, "no": f.no, "cant_say": f.cantSay, "yes_share": f.yesShare.map { round($0, 1) } ?? NSNull()]) { $1 }
        case .choice(let f):
            object["options"] = f.options.map { ["key": $0.key, "count": $0.count, "share": round($0.share, 1)] as [String: Any] }
        case .text(let count):
            object["texts"] = count
        case nil:
            break
        }
        return object
    }

    static func round(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// One row per group and question; the header names the columns in English codes, the same
    /// as the JSON keys, so that a spreadsheet and a script read the same names.
    public static func table(_ report: SummaryReport) -> [[Cell]] {
        let header = ["group", "question", "type", "n", "nps", "promoters", "passives", "detractors", "ci_low", "ci_high",
                      "mean", "top_share", "yes", "no", "cant_say", "yes_share", "suppressed", "target", "gap"]
        var rows: [[Cell]] = [header.map(Cell.text)]
        for (name, group) in [("total", report.total)] + report.groups.map({ (groupName($0), $0) }) {
            for result in group.questions {
                var cells: [Cell] = [.text(name), .text(result.question.key), .text(result.question.type.rawValue)]
                var figures = [Cell](repeating: .empty, count: 13)
                if !result.suppressed { figures[0] = .integer(result.answers) }
                switch result.figure {
                case .nps(let f):
                    figures[1...6] = [.decimal(f.nps, places: 1), .integer(f.promoters), .integer(f.passives), .integer(f.detractors),
                                      .decimal(f.ciLow, places: 1), .decimal(f.ciHigh, places: 1)]
                case .scale(let f):
                    figures[7] = .decimal(f.mean, places: 2)
                    figures[8] = .decimal(f.topShare, places: 1)
                    figures[11] = .integer(f.cantSay)
                case .yesNo(let f):
                    figures[9] = .integer(f.yes)
                    figures[10] = .integer(f.no)
                    figures[11] = .integer(f.cantSay)
                    figures[12] = f.yesShare.map { .decimal($0, places: 1) } ?? .empty
                case .choice, .text, nil:
                    break
                }
                cells += figures
                cells.append(.text(result.suppressed ? "true" : "false"))
                let applied = name == "total" ? report.targets[result.question.key] : nil
                cells.append(applied.map { .decimal($0.target.value, places: 2) } ?? .empty)
                cells.append(applied?.gap(result.figure).map { .decimal($0, places: 2) } ?? .empty)
                rows.append(cells)
            }
        }
        return rows
    }
}

extension ReportFormats {
    /// The feedback report as one table: the node, its child units and its service areas as rows,
    /// counts, handling time, promise adherence and one column per effect class.
    public static func table(_ report: FeedbackReport, language: Language) -> [[Cell]] {
        let header = ["level", "code", "name", "cases", "praise", "criticism", "idea", "question", "median_handling_days",
                      "promise_adherence", "open", "open_overdue", "closed_without_reply", "no_reply_requested", "with_effects"] + FeedbackEffect.allCases.map { "effect_" + $0.rawValue }
        func row(_ level: String, _ code: String, _ name: LocalizedText, _ f: FeedbackFigures) -> [Cell] {
            [.text(level), .text(code), .text(name[language]), .integer(f.cases)]
                + FeedbackKind.allCases.map { .integer(f.byKind[$0] ?? 0) }
                + [f.medianHandlingDays.map { .decimal($0, places: 1) } ?? .empty, f.promiseAdherence.map { .decimal($0, places: 1) } ?? .empty,
                   .integer(f.open), .integer(f.openOverdue), .integer(f.closedWithoutReply), .integer(f.noReplyRequested), .integer(f.casesWithEffects)]
                + FeedbackEffect.allCases.map { .integer(f.effects[$0] ?? 0) }
        }
        return [header.map(Cell.text), row("total", report.node.code, report.node.name, report.total)]
            + report.units.map { row("unit", $0.nodeCode ?? "", $0.name, $0.figures) }
            + report.areas.map { row("service_area", "", $0.name, $0.figures) }
    }
}

extension ReportFormats {
    /// The feedback report for machines: the node's figures, its units' and service areas', and
    /// what the feedback led to (counts per effect class and the handlers' masked accounts).
    public static func json(_ report: FeedbackReport) throws -> Data {
        func figures(_ f: FeedbackFigures) -> [String: Any] {
            var object: [String: Any] = [
                "cases": f.cases, "open": f.open, "open_overdue": f.openOverdue, "answered_on_time": f.answeredOnTime,
                "answered_late": f.answeredLate, "awaiting_reply_overdue": f.awaitingReplyOverdue, "closed_without_reply": f.closedWithoutReply,
                "no_reply_requested": f.noReplyRequested, "with_effects": f.casesWithEffects,
                "formal_handed_over": Dictionary(uniqueKeysWithValues: FormalProcess.allCases.map { ($0.rawValue, f.formalHandedOver[$0] ?? 0) }),
                "formal_decided": Dictionary(uniqueKeysWithValues: FormalProcess.allCases.map { ($0.rawValue, f.formalDecided[$0] ?? 0) }),
                "by_kind": Dictionary(uniqueKeysWithValues: FeedbackKind.allCases.map { ($0.rawValue, f.byKind[$0] ?? 0) }),
                "effects": Dictionary(uniqueKeysWithValues: FeedbackEffect.allCases.map { ($0.rawValue, f.effects[$0] ?? 0) }),
            ]
            object["median_handling_days"] = f.medianHandlingDays.map { round($0, 2) } ?? NSNull()
            object["promise_adherence"] = f.promiseAdherence.map { round($0, 1) } ?? NSNull()
            return object
        }
        let object: [String: Any] = [
            "node": report.node.code, "from": report.period.from.description, "to": report.period.to.description,
            "total": figures(report.total),
            "units": report.units.map { ["code": $0.nodeCode ?? "", "figures": figures($0.figures)] as [String: Any] },
            "service_areas": report.areas.map { ["name": ["fi": $0.name.fi, "sv": $0.name.sv, "en": $0.name.en], "figures": figures($0.figures)] as [String: Any] },
            "changes": report.changes.map { ["month": $0.month, "effects": $0.effects.map(\.rawValue), "description": $0.description] as [String: Any] },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }
}

extension ReportFormats {
    /// The national comparison file: one row per month, unit and question, with the count of each
    /// answer value (docs/NATIONAL-EXPORT.md).
    public static func table(_ export: NationalExport) -> [[Cell]] {
        let values = (0...10).map(String.init) + [RollupValue.cantSay]
        let header = ["month", "oid", "oid_source", "unit_code", "unit_name", "question", "type", "n", "suppressed"]
            + values.map { $0 == RollupValue.cantSay ? "cant_say" : "value_" + $0 }
        return [header.map(Cell.text)] + export.rows.map { row in
            var cells: [Cell] = [.text(row.month), .text(row.oid), .text(row.oidSource), .text(row.unit.code), .text(row.unit.name.fi),
                                 .text(row.question.key), .text(row.question.type.rawValue)]
            guard let counts = row.counts else { return cells + [.empty, .text("true")] + values.map { _ in .empty } }
            let scale = row.question.type.scale ?? (row.question.type == .yesNo ? 0...1 : nil)
            cells += [.integer(counts.answers), .text("false")]
            return cells + values.map { value in
                let allowed = value == RollupValue.cantSay ? row.question.type.allowsCantSay : scale?.contains(Int(value) ?? -1) == true
                return allowed ? .integer(counts[value]) : .empty
            }
        }
    }

    public static func json(_ export: NationalExport) throws -> Data {
        let rows: [[String: Any]] = export.rows.map { row in
            var object: [String: Any] = ["month": row.month, "oid": row.oid, "oid_source": row.oidSource, "unit_code": row.unit.code,
                                         "unit_name": row.unit.name.fi, "question": row.question.key, "type": row.question.type.rawValue]
            if let counts = row.counts {
                object["n"] = counts.answers
                object["counts"] = counts.counts.filter { $0.value > 0 && $0.key != RollupValue.text }
            } else {
                object["suppressed"] = true
            }
            return object
        }
        let object: [String: Any] = ["format": "kaiku-national-comparison/1", "survey": NationalSurvey.code, "months": export.months,
                                     "minimum_answers": export.rule.minimumAnswers, "rows": rows]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }
}
