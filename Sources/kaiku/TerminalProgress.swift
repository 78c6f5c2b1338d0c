import Foundation
import KaikuCore
import Synchronization

/// A long command's progress on a terminal: "Loading the demo year: 45 %" rewritten in place on
/// standard error, only when standard error is a terminal (a script's log gets nothing extra).
final class TerminalProgress: Sendable {
    let label: String
    let isTerminal: Bool
    let write: @Sendable (String) -> Void
    private let shown = Mutex(-1)

    init(_ label: String, isTerminal: Bool = isatty(STDERR_FILENO) == 1,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.isTerminal = isTerminal
        self.write = write
    }

    /// The report to hand to a run; nil when nothing would be shown.
    var report: ProgressReport? {
        guard isTerminal else { return nil }
        return { [self] done, total in update(done, total) }
    }

    func update(_ done: Int, _ total: Int) {
        let percent = total <= 0 ? 100 : min(100, done * 100 / total)
        let changed = shown.withLock { last in
            guard percent != last else { return false }
            last = percent
            return true
        }
        guard changed else { return }
        write("\r\(label): \(percent) %" + (percent == 100 ? "\n" : ""))
    }
}
