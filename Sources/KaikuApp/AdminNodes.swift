import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Units an admin typed as codes (separated by commas, spaces or line breaks): each must exist and
/// lie within the admin's reach, or it is named in a refusal.
enum AdminNodes {
    static func resolve(_ codes: String, policy: AccessPolicy, _ db: any SQLDatabase) async throws -> (ids: [String], problems: [Refused.Message]) {
        var ids: [String] = []
        var problems: [Refused.Message] = []
        for code in codes.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) {
            if let node = try await OrgRepository(db).node(code: code), policy.allows(.admin, onNodeAt: node.path) {
                ids.append(node.id)
            } else {
                problems.append(.init("area_error_node", ["code": code]))
            }
        }
        return (ids, problems)
    }
}
