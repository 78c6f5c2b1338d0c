import Foundation

/// A plan as `kaiku dispatch plan` prints it: one row per visit,
/// `visit_id,decision,reason,send_date,language` (CSV), or the same as JSON lines.
public enum DispatchPlanFormat {
    public static let csvHeader = "visit_id,decision,reason,send_date,language\n"

    /// Whether a decision belongs in a plan for `from`…`to`: visits planned for other days are left out.
    public static func includes(_ decision: DispatchDecision, from: CalendarDay, to: CalendarDay) -> Bool {
        from <= decision.plannedDay && decision.plannedDay <= to
    }

    public static func csvRow(_ decision: DispatchDecision) -> String {
        switch decision.outcome {
        case .send(_, let day, let language, _): "\(field(decision.visitID)),send,,\(day),\(language.rawValue)\n"
        case .exclude(let reason): "\(field(decision.visitID)),exclude,\(reason.rawValue),,\n"
        }
    }

    /// A JSON array element (the caller writes the brackets and commas).
    public static func jsonObject(_ decision: DispatchDecision) -> String {
        switch decision.outcome {
        case .send(_, let day, let language, _):
            "{\"visit_id\":\(json(decision.visitID)),\"decision\":\"send\",\"reason\":null,\"send_date\":\"\(day)\",\"language\":\"\(language.rawValue)\"}"
        case .exclude(let reason):
            "{\"visit_id\":\(json(decision.visitID)),\"decision\":\"exclude\",\"reason\":\"\(reason.rawValue)\",\"send_date\":null,\"language\":null}"
        }
    }

    static func field(_ text: String) -> String {
        text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
