import KaikuCore

/// A use case refused its input: what to tell the person, as catalog keys with their arguments,
/// all at once. Nothing was changed.
public struct Refused: Error, Equatable, Sendable {
    public struct Message: Equatable, Sendable {
        public let key: String
        public let arguments: [String: String]

        public init(_ key: String, _ arguments: [String: String] = [:]) {
            self.key = key
            self.arguments = arguments
        }
    }

    public let messages: [Message]

    public init(_ messages: [Message]) { self.messages = messages }
    public init(_ key: String, _ arguments: [String: String] = [:]) { self.messages = [Message(key, arguments)] }

    /// The messages in a language.
    public func texts(_ catalog: Catalog, _ language: Language) -> [String] {
        messages.map { catalog.format($0.key, language, $0.arguments) }
    }
}
