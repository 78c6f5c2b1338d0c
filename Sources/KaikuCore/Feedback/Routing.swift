import Foundation

/// Where feedback goes. Each unit has designated handlers (handler grants on the unit itself);
/// when a unit has none, the case goes up the tree to the nearest node that has.
public enum FeedbackRouting {
    /// The deepest node on `path` (the target itself first) that has designated handlers.
    public static func handlingNode(path: String, nodesWithHandlers: Set<String>) -> String? {
        OrgPath.ids(in: path).reversed().first(where: nodesWithHandlers.contains)
    }

    /// The next level up from `handlingNodeID` that has handlers: where overdue cases escalate.
    public static func escalationNode(path: String, handlingNodeID: String, nodesWithHandlers: Set<String>) -> String? {
        let ids = OrgPath.ids(in: path)
        guard let index = ids.firstIndex(of: handlingNodeID) else { return nil }
        return ids[..<index].reversed().first(where: nodesWithHandlers.contains)
    }

    /// The seeds' rule: at least two handlers per unit, so one covers for the other.
    public static let recommendedHandlers = 2
}
