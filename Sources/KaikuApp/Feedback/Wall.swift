import Foundation
import KaikuCore
import KaikuStorage

extension FeedbackService {
    /// The public "you said, we did" wall of a unit (by its code) or of the whole county (nil):
    /// the published entries with their units' names.
    public func wall(unitCode: String?) async throws -> (unit: OrgNode?, entries: [(entry: WallRepository.Entry, unit: LocalizedText)]) {
        let org = OrgRepository(database.sql)
        var unit: OrgNode?
        if let unitCode, !unitCode.isEmpty {
            guard let node = try await org.node(code: unitCode) else { throw OutOfReach() }
            unit = node
        }
        var entries: [(WallRepository.Entry, LocalizedText)] = []
        var names: [String: LocalizedText] = [:]
        let paths = if let unit { [unit.path] } else { try await org.roots().map(\.path) }
        for path in paths {
            for entry in try await WallRepository(database.sql).entries(under: path) {
                if names[entry.nodeID] == nil { names[entry.nodeID] = try await org.node(id: entry.nodeID)?.name ?? LocalizedText(fi: "") }
                entries.append((entry, names[entry.nodeID] ?? LocalizedText(fi: "")))
            }
        }
        return (unit, entries)
    }
}
