extension StringProtocol {
    /// Without leading and trailing whitespace and line breaks. Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString on Linux and showed up in the answer
    /// benchmark's profile; this stays in Swift and returns the same result.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
