import Foundation

/// The service promise (palvelulupaus): a reply within so many days of receiving the feedback.
public struct ServicePromise: Sendable, Equatable {
    public var days: Int
    /// Handlers are reminded this long before the due time.
    public var reminderLead: TimeInterval = 2 * 86_400

    public init(days: Int = 7) { self.days = days }

    public func due(receivedAt: Date) -> Date {
        receivedAt.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    public func reminderAt(due: Date) -> Date { due.addingTimeInterval(-reminderLead) }

    public static func isOverdue(due: Date, status: CaseStatus, now: Date) -> Bool {
        !status.isResolved && now > due
    }

    /// Share of cases answered on time among those answered on time or having missed the promise
    /// (answered late, still unanswered past the due time, or closed without the reply asked
    /// for); nil without any.
    public static func adherence(answeredOnTime: Int, missed: Int) -> Double? {
        let total = answeredOnTime + missed
        return total == 0 ? nil : Double(answeredOnTime) / Double(total)
    }
}
