import ArgumentParser
import Foundation
import KaikuCore

/// `--today` for the commands that act on "today": they act as that day at a stated Helsinki hour.
/// For a missed run, and for tests that must not depend on the day they run (nothing moves the
/// server's own clock).
struct TodayOption: ParsableArguments {
    @Option(help: "The day to act as, YYYY-MM-DD (default: today).") var today: String?

    /// `--today` at `hour`:00 Helsinki time, or nil without it.
    func moment(at hour: Int) throws -> Date? {
        guard let today else { return nil }
        guard let day = CalendarDay(today) else { throw ValidationError("--today is YYYY-MM-DD") }
        return day.start.addingTimeInterval(Double(hour) * 3600)
    }

    /// The system clock, or one running on from `--today` at `hour`:00.
    func clock(at hour: Int) throws -> any KaikuClock {
        try moment(at: hour).map(ShiftedClock.init(startingAt:)) ?? SystemClock()
    }
}
