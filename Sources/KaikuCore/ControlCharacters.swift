extension StringProtocol {
    /// Holds a control character other than tab and the line breaks: nothing a person types, and
    /// PostgreSQL refuses NUL in text. Forms and JSON bodies refuse such a text as malformed.
    public var hasControlCharacters: Bool {
        unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0x7F }
    }
}
