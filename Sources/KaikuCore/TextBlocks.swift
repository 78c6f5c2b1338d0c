import Foundation

/// Admin-written page text: blank lines separate paragraphs, a line starting with "# " is a
/// heading, lines starting with "- " form a list. Plain text only, so nothing needs sanitising.
public struct TextBlock: Sendable, Equatable {
    public enum Kind: String, Sendable { case heading, paragraph, list }
    public let kind: Kind
    public let lines: [String]


    public static func parse(_ text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        for chunk in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n") {
            let lines = chunk.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { continue }
            if lines.count == 1, lines[0].hasPrefix("# ") {
                blocks.append(TextBlock(kind: .heading, lines: [String(lines[0].dropFirst(2))]))
            } else if lines.allSatisfy({ $0.hasPrefix("- ") }) {
                blocks.append(TextBlock(kind: .list, lines: lines.map { String($0.dropFirst(2)) }))
            } else {
                blocks.append(TextBlock(kind: .paragraph, lines: lines))
            }
        }
        return blocks
    }
}
