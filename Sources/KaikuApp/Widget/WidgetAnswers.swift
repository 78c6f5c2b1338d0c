import Foundation
import KaikuCore
import KaikuStorage

/// The web widget's answers ("Did you find what you needed?"): checked and stored in one
/// transaction with the sender's hourly count, so that a refused answer counts for nothing and
/// two at once cannot both slip under the limit.
public struct WidgetAnswers: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock

    /// Answers from one address in an hour, as the feedback form allows: a script cannot flood it.
    public static let perHour = 60
    public static let maxComment = 1000
    public static let maxPage = 500

    public init(database: KaikuDatabase, clock: any KaikuClock) {
        self.database = database
        self.clock = clock
    }

    /// Stores one answer; false when the page address (not on `origins`, when any are set), the
    /// unit or area, or the comment is not acceptable, or the address has used up its hour.
    /// Only the page address without its query and fragment is kept: they may carry personal data.
    public func record(page: String, found: Bool, comment: String, unitCode: String?, areaCode: String?, language: Language,
                       origins: [String], rateKey: String) async throws -> Bool {
        guard page.count <= Self.maxPage, let origin = WidgetOrigin.of(page: page), comment.count <= Self.maxComment,
              !page.hasControlCharacters, !comment.hasControlCharacters, origins.isEmpty || origins.contains(origin) else { return false }
        let now = clock.now()
        return try await database.transaction { db in
            var nodeID: String?
            var areaID: String?
            if let unitCode, !unitCode.isEmpty {
                guard let node = try await OrgRepository(db).node(code: unitCode) else { return false }
                nodeID = node.id
            }
            if let areaCode, !areaCode.isEmpty {
                guard let area = try await ServiceAreaRepository(db).list().first(where: { $0.code == areaCode }) else { return false }
                areaID = area.id
            }
            let settings = SettingsRepository(db)
            let key = "widget:" + SessionRepository.hash(rateKey + (try await settings.secret("form_secret", now: now)))
            guard try await settings.countInHour(key, now: now) < Self.perHour else { return false }
            var components = URLComponents(string: page)
            components?.query = nil
            components?.fragment = nil
            try await settings.recordInHour(key, now: now)
            try await WidgetRepository(db).insert(pageURL: components?.string ?? page, nodeID: nodeID, serviceAreaID: areaID, found: found,
                                                  comment: comment.trimmingCharacters(in: .whitespacesAndNewlines), language: language, now: now)
            return true
        }
    }
}
