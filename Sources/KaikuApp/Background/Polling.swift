import KaikuStorage
import Logging
import ServiceLifecycle

/// The loop of every background service: do the work, log a failure (what may be logged of it),
/// wait, again, until the server shuts down.
func pollUntilShutdown(every interval: Duration, logger: Logger, label: Logger.Message, _ work: () async throws -> Void) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        do {
            try await work()
        } catch {
            logger.error(label, metadata: ["error": "\(ErrorDescription.loggable(error))"])
        }
        try? await Task.sleep(for: interval)
    }
}
