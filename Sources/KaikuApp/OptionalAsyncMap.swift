extension Optional {
    /// `map` with an asynchronous transform (loading an object only when an id was given).
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
