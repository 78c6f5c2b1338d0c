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
        var bytes: [UInt8] = []
        appendCSVRow(decision, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The row appended to `bytes`: a plan of a million rows is written without a String per row.
    public static func appendCSVRow(_ decision: DispatchDecision, to bytes: inout [UInt8]) {
        let id = decision.visitID
        if id.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) { bytes += field(id).utf8 } else { bytes += id.utf8 }
        switch decision.outcome {
        case .send(_, let day, let language, _):
            bytes += ",send,,".utf8
            append(day.year, digits: 4, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            append(day.month, digits: 2, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            append(day.day, digits: 2, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            bytes += language.rawValue.utf8
        case .sent(let day):
            bytes += ",send,,\(day),".utf8
        case .exclude(let reason):
            bytes += ",exclude,".utf8
            bytes += reason.rawValue.utf8
            bytes += ",,".utf8
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    static func append(_ number: Int, digits: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
    }

    /// A JSON array element (the caller writes the brackets and commas).
    public static func jsonObject(_ decision: DispatchDecision) -> String {
        switch decision.outcome {
        case .send(_, let day, let language, _):
            "{\"visit_id\":\(json(decision.visitID)),\"decision\":\"send\",\"reason\":null,\"send_date\":\"\(day)\",\"language\":\"\(language.rawValue)\"}"
        case .sent(let day):
            "{\"visit_id\":null,\"decision\":\"send\",\"reason\":null,\"send_date\":\"\(day)\",\"language\":null}"
        case .exclude(let reason):
            "{\"visit_id\":\(json(decision.visitID)),\"decision\":\"exclude\",\"reason\":\"\(reason.rawValue)\",\"send_date\":null,\"language\":null}"
        }
    }

    /// A field that needs quoting, quoted.
    static func field(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
