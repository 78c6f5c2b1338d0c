/// How far a long run has come, for a terminal: called with the work done and the whole, in the
/// run's own units (responses stored, months recomputed). A run calls it as it goes and once with
/// `done == total` at the end.
public typealias ProgressReport = @Sendable (_ done: Int, _ total: Int) -> Void
