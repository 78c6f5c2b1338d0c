/// Whether a survey runs all the time on the national questions or for a pilot or change.
public enum SurveyKind: String, CaseIterable, Sendable, Codable {
    /// säännöllinen asiakaskysely
    case regular
    /// lyhytaikainen kysely
    case shortTerm = "short_term"
}

/// A survey is designed as a draft, answered while published (within its dates), and closed.
public enum SurveyStatus: String, CaseIterable, Sendable, Codable {
    case draft, published, closed

    /// Answers are taken only while published and within the dates, when they are set.
    public func isOpen(on day: CalendarDay, startsOn: CalendarDay?, endsOn: CalendarDay?) -> Bool {
        self == .published && (startsOn.map { $0 <= day } ?? true) && (endsOn.map { day <= $0 } ?? true)
    }
}
