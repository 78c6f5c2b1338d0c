import Foundation

/// Handlers' and readers' corrections, each teaching only the texts of its scope: the corrector's
/// reach in the organisation (a path prefix), or the whole county ("/") once a county-level
/// reviewer has accepted it. A text is analysed with the corrections whose scope holds its node.
public struct ScopedCorrections: Sendable {
    public struct Entry: Sendable {
        public let scopePath: String
        public let example: CorrectionModel.Example

        public init(scopePath: String, example: CorrectionModel.Example) {
            self.scopePath = scopePath
            self.example = example
        }
    }

    let entries: [Entry]
    let scopes: [String]

    public init(_ entries: [Entry]) {
        self.entries = entries
        scopes = Array(Set(entries.map(\.scopePath))).sorted()
    }

    /// Which scopes hold a node: the key of the model its texts are analysed with.
    public func scopes(forNodeAt path: String) -> [String] { scopes.filter { path.hasPrefix($0) } }

    /// The model for texts given at a node under these scopes.
    public func model(for scopes: [String]) -> CorrectionModel {
        let applicable = Set(scopes)
        return CorrectionModel(entries.filter { applicable.contains($0.scopePath) }.map(\.example))
    }
}
