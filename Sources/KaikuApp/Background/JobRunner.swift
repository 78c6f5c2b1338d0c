import Foundation
import KaikuCore
import KaikuStorage
import Logging
import ServiceLifecycle

/// Runs due jobs from the `jobs` table. Each server process runs one; the lease makes each job
/// run in one process only. Periodic work is scheduled with a unique key per period, so however
/// many processes schedule it, it is queued once.
public struct JobRunner: Service {
    public typealias Handler = @Sendable (JobQueue.Job) async throws -> Void

    let queue: JobQueue
    let clock: any KaikuClock
    let logger: Logger
    let handlers: [String: Handler]
    let periodic: [(kind: String, every: TimeInterval)]
    let worker = Identifier.make()
    let pollInterval: Duration

    public init(database: KaikuDatabase, clock: any KaikuClock, logger: Logger, handlers: [String: Handler],
                periodic: [(kind: String, every: TimeInterval)], pollInterval: Duration = .seconds(2)) {
        self.queue = JobQueue(database)
        self.clock = clock
        self.logger = logger
        self.handlers = handlers
        self.periodic = periodic
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await schedulePeriodic()
                while try await runOne() {}
            } catch {
                logger.error("job runner", metadata: ["error": "\(ErrorDescription.loggable(error))"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    public func schedulePeriodic() async throws {
        let now = clock.now()
        for (kind, every) in periodic {
            let period = Int(now.timeIntervalSince1970 / every)
            try await queue.enqueue(kind: kind, runAt: now, uniqueKey: "\(kind):\(period)", now: now)
        }
    }

    /// Runs one due job; false when none was due.
    @discardableResult
    public func runOne() async throws -> Bool {
        guard let job = try await queue.lease(worker: worker, now: clock.now(), lease: 300) else { return false }
        guard let handler = handlers[job.kind] else {
            try await queue.fail(job, error: "no handler for \(job.kind)", now: clock.now())
            return true
        }
        do {
            try await handler(job)
            try await queue.complete(job, now: clock.now())
        } catch {
            let text = ErrorDescription.loggable(error)
            logger.warning("job failed", metadata: ["kind": "\(job.kind)", "error": "\(text)"])
            try await queue.fail(job, error: text, now: clock.now())
        }
        return true
    }
}

/// The jobs the foundation needs; later capabilities add theirs here.
public enum StandardJobs {
    public static func handlers(database: KaikuDatabase, feedback: FeedbackService, clock: any KaikuClock) -> [String: JobRunner.Handler] {
        [
            "session_cleanup": { _ in try await SessionRepository(database.sql).deleteExpired(now: clock.now()) },
            "feedback_service_promise": { _ in try await feedback.runServicePromise() },
            "feedback_contact_erasure": { _ in try await feedback.eraseContacts() },
        ]
    }

    public static let periodic: [(kind: String, every: TimeInterval)] = [
        ("session_cleanup", 3600), ("feedback_service_promise", 600), ("feedback_contact_erasure", 3600),
    ]
}
