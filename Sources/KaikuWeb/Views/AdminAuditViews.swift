import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct AuditFilterForm {
    var action = ""
    var actor = ""
    var target = ""
    var from = ""
    var to = ""

    init(_ request: Request) {
        action = request.query("action") ?? ""
        actor = request.query("actor") ?? ""
        target = request.query("target") ?? ""
        from = request.query("from") ?? ""
        to = request.query("to") ?? ""
    }

    var filter: AuditRepository.Filter {
        AuditRepository.Filter(action: action.isEmpty ? nil : action, actor: actor.isEmpty ? nil : actor,
                               target: target.isEmpty ? nil : target, from: CalendarDay(from)?.start,
                               to: CalendarDay(to)?.adding(days: 1).start)
    }

    var query: String {
        var items: [URLQueryItem] = []
        for (name, value) in [("action", action), ("actor", actor), ("target", target), ("from", from), ("to", to)] where !value.isEmpty {
            items.append(URLQueryItem(name: name, value: value))
        }
        var components = URLComponents()
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}

struct AuditRow {
    let at: String
    let actor: String
    let action: String
    let target: String
    let detail: String
    let ip: String

    init(_ entry: AuditEntry) {
        at = entry.at.replacingOccurrences(of: "T", with: " ").prefix(19) + " UTC"
        actor = entry.actorEmail ?? ""
        action = entry.action
        target = [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " ")
        detail = entry.detail
        ip = entry.ip ?? ""
    }
}

struct AuditPage: PageView {
    static let template = "admin_audit"
    let form: AuditFilterForm
    let entries: [AuditRow]
    let actions: [LevelOption]
    let nextOffset: Int?
    let previousOffset: Int?
    let exportQuery: String
    let isEmpty: Bool
}
