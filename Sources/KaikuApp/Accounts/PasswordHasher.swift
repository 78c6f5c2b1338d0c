import HummingbirdBcrypt
import NIOPosix

/// bcrypt blocks for tens of milliseconds by design, so it runs on the thread pool, never on
/// the event loop.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    /// A real hash to compare against when the account does not exist, so that a wrong email
    /// takes as long as a wrong password.
    public let decoyHash: String

    /// Cost 12 in production; tests pass a low cost to stay fast.
    public init(cost: UInt8 = 12) {
        self.cost = cost
        self.decoyHash = Bcrypt.hash("kaiku-decoy-password", cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

}
