import Foundation
import KaikuApp

/// Last month's attention lists for the staff front page, kept for a while and never waited for
/// long: the first read of a month decides what the disclosure plan hides for every family of the
/// county, which takes seconds, and a login must not. A list still being made is shown as being
/// prepared; the next visit finds it. The list depends only on the node, survey and period (the
/// plan is the same for every reader), and the caller has checked that the reader may read the node.
actor AttentionPreviews {
    struct Key: Hashable {
        let node: String
        let survey: String
        let period: String
    }

    static let lifetime: TimeInterval = 600
    /// How long the front page waits for a list before showing it as being prepared.
    static let patience: Duration = .milliseconds(800)

    private var started: [Key: Date] = [:]
    private var made: [Key: Reports.AttentionList?] = [:]

    /// The list, if it is ready within `patience`.
    func list(_ key: Key, now: Date, make: @escaping @Sendable () async -> Reports.AttentionList?) async -> Reports.AttentionList? {
        if started[key].map({ now.timeIntervalSince($0) >= Self.lifetime }) ?? true {
            started[key] = now
            made[key] = nil
            Task {
                let list = await make()
                self.keep(key, list)
            }
        }
        // Waiting for the making would hold the page as long as it takes; look a few times instead.
        let clock = ContinuousClock()
        let deadline = clock.now + Self.patience
        while clock.now < deadline {
            if let list = made[key] { return list }
            try? await Task.sleep(for: .milliseconds(40))
        }
        return made[key] ?? nil
    }

    private func keep(_ key: Key, _ list: Reports.AttentionList?) { made[key] = .some(list) }
}
