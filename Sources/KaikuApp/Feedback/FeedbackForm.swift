import Crypto
import Foundation
import KaikuCore
import KaikuStorage

/// What the public feedback form reads: the active service areas, an area's units, and the
/// signed time the form was shown (the spam defence's clock, which a bot cannot forge).
extension FeedbackService {
    public func areas() async throws -> [ServiceArea] {
        try await ServiceAreaRepository(database.sql).list(activeOnly: true)
    }

    /// An active area; another is answered like a missing one.
    public func area(_ id: String?) async throws -> ServiceArea {
        guard let id, let area = try await ServiceAreaRepository(database.sql).find(id: id), area.isActive else { throw OutOfReach() }
        return area
    }

    /// The area's units open today whose name matches `query`.
    public func units(of area: ServiceArea, matching query: String) async throws -> [OrgNode] {
        try await ServiceAreaRepository(database.sql).units(of: area, today: CalendarDay(clock.now()), matching: query)
    }

    /// Where free-form feedback about a place goes: the first active area that offers the unit on
    /// the node's path (the node itself, or the unit above a service point), with that unit; nil
    /// when no area offers it. The survey's thank-you page links there with the unit chosen.
    public func place(of node: OrgNode) async throws -> (area: ServiceArea, unitID: String)? {
        let today = CalendarDay(clock.now())
        let repository = ServiceAreaRepository(database.sql)
        for area in try await repository.list(activeOnly: true) {
            if let unit = try await repository.units(of: area, today: today).first(where: { node.path.hasPrefix($0.path) }) {
                return (area, unit.id)
            }
        }
        return nil
    }

    /// "seconds.signature": when the form was shown, signed so it cannot be forged.
    public func formStamp() async throws -> String {
        let seconds = String(Int(clock.now().timeIntervalSince1970))
        return seconds + "." + (try await signature(seconds))
    }

    /// When the form was shown, if `stamp` is one this server signed.
    public func formShownAt(_ stamp: String) async throws -> Date? {
        let parts = stamp.split(separator: ".")
        guard parts.count == 2, let seconds = TimeInterval(parts[0]),
              constantTimeEquals(String(parts[1]), try await signature(String(parts[0]))) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    func signature(_ text: String) async throws -> String {
        let secret = try await SettingsRepository(database.sql).secret("form_secret", now: clock.now())
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
