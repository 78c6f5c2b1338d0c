import Foundation

/// No figure is shown for a group too small to keep its people anonymous, in the portal,
/// exports, the API and emails alike.
public struct AnonymityRule: Sendable, Equatable, Codable {
    /// Figures need at least this many answers in the group.
    public let minimumAnswers: Int
    /// Open answers are shown only from groups at least this large: a text can tell who wrote it
    /// more easily than a number.
    public let minimumTextAnswers: Int

    public static let standard = AnonymityRule(minimumAnswers: 5, minimumTextAnswers: 10)

    public init(minimumAnswers: Int, minimumTextAnswers: Int) {
        self.minimumAnswers = max(1, minimumAnswers)
        self.minimumTextAnswers = max(self.minimumAnswers, minimumTextAnswers)
    }

    public func allowsFigures(answers: Int) -> Bool { answers >= minimumAnswers }

    public func allowsTexts(answers: Int) -> Bool { answers >= minimumTextAnswers }

    /// Which parts of a breakdown are hidden. `sizes` are the answers in each part; together the
    /// parts make up a total that is shown. Parts under the minimum are hidden, and then, while
    /// what is hidden adds up to a group that is itself too small (so the total minus the shown
    /// parts would reveal it), the smallest shown part is hidden too. A part that is never shown
    /// (answers given at a parent node itself, not in any child) is passed in `alwaysHidden`.
    public func hidden(sizes: [Int], alwaysHidden: Set<Int> = []) -> Set<Int> {
        var hidden = alwaysHidden.union(sizes.indices.filter { sizes[$0] > 0 && sizes[$0] < minimumAnswers })
        func hiddenTotal() -> Int { hidden.reduce(0) { $0 + sizes[$1] } }
        while hiddenTotal() > 0 && hiddenTotal() < minimumAnswers {
            let shown = sizes.indices.filter { !hidden.contains($0) && sizes[$0] > 0 }
            guard let smallest = shown.min(by: { sizes[$0] < sizes[$1] }) else { break }
            hidden.insert(smallest)
        }
        return hidden
    }
}
