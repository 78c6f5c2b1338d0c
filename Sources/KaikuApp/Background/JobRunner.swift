import Foundation
import KaikuCore
import KaikuStorage
import Logging
import ServiceLifecycle

/// Runs due jobs from the `jobs` table. Each server process runs one; the lease makes each job
/// run in one process only. Periodic work is scheduled with a unique key per period, so however
/// many processes schedule it, it is queued once.
public struct JobRunner: Service {
    public typealias Handler = @Sendable (JobKind, JobQueue.Job) async throws -> Void

    let queue: JobQueue
    let clock: any KaikuClock
    let logger: Logger
    let handler: Handler
    let periodic: [JobKind]
    let worker = Identifier.make()
    let pollInterval: Duration
    /// Seconds a process holds a job (300 unless configured); a killed process's job is due again after it.
    let lease: TimeInterval

    public init(database: KaikuDatabase, clock: any KaikuClock, logger: Logger, handler: @escaping Handler,
                periodic: [JobKind] = JobKind.allCases, pollInterval: Duration = .seconds(2), lease: TimeInterval? = nil) {
        self.queue = JobQueue(database)
        self.clock = clock
        self.logger = logger
        self.handler = handler
        self.periodic = periodic
        self.pollInterval = pollInterval
        self.lease = lease ?? 300
    }

    public func run() async throws {
        await pollUntilShutdown(every: pollInterval, logger: logger, label: "job runner") {
            try await schedulePeriodic()
            // On SIGTERM the job in hand finishes and no new one is leased.
            while !Task.isShuttingDownGracefully, try await runOne() {}
        }
    }

    public func schedulePeriodic() async throws {
        let now = clock.now()
        for kind in periodic {
            let period = Int(now.timeIntervalSince1970 / kind.every)
            try await queue.enqueue(kind: kind.rawValue, runAt: now, uniqueKey: "\(kind.rawValue):\(period)", now: now)
        }
    }

    /// Runs one due job; false when none was due.
    @discardableResult
    public func runOne() async throws -> Bool {
        guard let job = try await queue.lease(worker: worker, now: clock.now(), lease: lease) else { return false }
        guard let kind = JobKind(rawValue: job.kind) else {
            try await queue.fail(job, error: "unknown job kind \(job.kind)", now: clock.now())
            return true
        }
        do {
            try await handler(kind, job)
            try await queue.complete(job, now: clock.now())
        } catch is CancellationError {
            // Stopped from outside, not failed: another process may take the job at once.
            try await queue.release(job)
        } catch {
            let text = ErrorDescription.loggable(error)
            logger.warning("job failed", metadata: ["kind": "\(job.kind)", "error": "\(text)"])
            try await queue.fail(job, error: text, now: clock.now())
        }
        return true
    }
}

/// Every kind of background job, registered once: its name in the jobs table and how often it is
/// scheduled. A new capability adds a case here and its work in `StandardJobs.run`; the compiler
/// refuses a kind without work.
public enum JobKind: String, CaseIterable, Sendable {
    case sessionCleanup = "session_cleanup"
    case feedbackServicePromise = "feedback_service_promise"
    case feedbackContactErasure = "feedback_contact_erasure"
    /// The periodic reports by email; sends only on the first working days of a month.
    case reportMail = "report_mail"
    /// SMS invitations for the visits due today (inside the sending window), and the purge of old visits.
    case smsDispatch = "sms_dispatch"
    /// Sentiment and topics of new open answers and cases (and all again after a rule change).
    case textAnalysis = "text_analysis"

    /// Seconds between scheduled runs.
    public var every: TimeInterval {
        switch self {
        case .sessionCleanup, .feedbackContactErasure, .reportMail: 3600
        case .feedbackServicePromise: 600
        case .smsDispatch: 300
        case .textAnalysis: 60
        }
    }
}

/// The work of each job kind.
public struct StandardJobs: Sendable {
    let database: KaikuDatabase
    let feedback: FeedbackService
    let reportMailing: ReportMailing
    let sms: SMSDispatch
    let clock: any KaikuClock

    public init(database: KaikuDatabase, feedback: FeedbackService, reportMailing: ReportMailing, sms: SMSDispatch, clock: any KaikuClock) {
        self.database = database
        self.feedback = feedback
        self.reportMailing = reportMailing
        self.sms = sms
        self.clock = clock
    }

    public func run(_ kind: JobKind, _ job: JobQueue.Job) async throws {
        switch kind {
        case .sessionCleanup: try await SessionRepository(database.sql).deleteExpired(now: clock.now())
        case .feedbackServicePromise: try await feedback.runServicePromise()
        case .feedbackContactErasure: try await feedback.eraseContacts()
        case .reportMail: try await reportMailing.sendDue()
        case .smsDispatch:
            try await sms.run()
            try await sms.finishReplies()
            try await sms.purge()
        case .textAnalysis: try await TextAnalytics(database: database, clock: clock).analysePending()
        }
    }
}
