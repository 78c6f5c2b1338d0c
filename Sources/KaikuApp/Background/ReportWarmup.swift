import Foundation
import KaikuCore
import KaikuStorage
import Logging
import ServiceLifecycle

/// Decides what the disclosure plan hides in last month's figures before the first reader asks:
/// at start and again when a month has ended, in every server process (the decisions are kept in
/// the process, `DecisionCache`). The first read of a month otherwise takes seconds for a county
/// (every family, the SMS channel's buckets); after this it finds the decisions made. The lists
/// made here are thrown away: only the decisions are wanted.
public struct ReportWarmup: Service {
    let useCases: UseCases
    let logger: Logger
    let interval: Duration

    public init(useCases: UseCases, logger: Logger, interval: Duration = .seconds(600)) {
        self.useCases = useCases
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        // Its wait is long: shutting down must end it at once, not after the wait.
        await cancelWhenGracefulShutdown {
            var warmed: String?
            await pollUntilShutdown(every: interval, logger: logger, label: "report warm-up") {
                let month = ReportPeriod.last(.month, before: CalendarDay(useCases.clock.now()))
                guard month.code != warmed else { return }
                let started = ContinuousClock.now
                let lists = try await warm(month)
                warmed = month.code
                logger.info("report decisions made", metadata: ["month": "\(month.code ?? "")", "lists": "\(lists)",
                                                                "duration": "\(ContinuousClock.now - started)"])
            }
        }
    }

    /// The attention list of every survey at every root of the organisation for `period`, which
    /// decides the tables the staff front page and the unit views read first; how many were made.
    @discardableResult
    public func warm(_ period: ReportPeriod) async throws -> Int {
        let reports = try await useCases.reports()
        let roots = try await OrgRepository(useCases.database.sql).roots()
        var made = 0
        for survey in try await reports.surveys(reader: .system) {
            for root in roots {
                guard !Task.isShuttingDownGracefully else { return made }
                _ = try await reports.attention(surveyCode: survey.code, nodeCode: root.code, period: period, reader: .system)
                made += 1
            }
        }
        return made
    }
}
