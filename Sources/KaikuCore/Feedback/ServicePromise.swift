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

    /// Share of cases answered on time among those answered or already late; nil without any.
    public static func adherence(answeredOnTime: Int, answeredLate: Int, openOverdue: Int) -> Double? {
        let total = answeredOnTime + answeredLate + openOverdue
        return total == 0 ? nil : Double(answeredOnTime) / Double(total)
    }
}
