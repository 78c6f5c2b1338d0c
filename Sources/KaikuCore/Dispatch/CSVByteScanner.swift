import Foundation

/// Rows of RFC 4180 CSV over bytes: fields as ranges of the bytes (quoted ones unquoted; one
/// with `""` copied unescaped to the row's `escaped` bytes, its range shifted past the end of the
/// file's), CR LF or LF line ends, quoted line breaks kept; each row with the line it starts on.
struct CSVByteScanner {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    var line: Int

    init(_ bytes: [UInt8], from position: Int = 0, to end: Int? = nil, line: Int = 1) {
        self.bytes = bytes
        self.position = position
        self.end = end ?? bytes.count
        self.line = line
    }

    /// The next row's fields into `fields` (and `escaped`), and the line it starts on; nil at the end.
    mutating func nextRow(into fields: inout [Range<Int>], escaped: inout [UInt8]) -> Int? {
        guard position < end else { return nil }
        let startLine = line
        fields.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
        while true {
            if position < end && bytes[position] == UInt8(ascii: "\"") {
                position += 1
                let start = position
                var copied: Int?  // where the unescaped copy starts in `escaped`, once a "" is met
                while position < end {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < end && bytes[position + 1] == UInt8(ascii: "\"") {
                            if copied == nil {
                                copied = escaped.count
                                escaped += bytes[start..<position]
                            }
                            escaped.append(byte)
                            position += 2
                            continue
                        }
                        break
                    }
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    if copied != nil { escaped.append(byte) }
                    position += 1
                }
                if let copied {
                    fields.append((copied..<escaped.count).shifted(by: bytes.count))
                } else {
                    fields.append(start..<min(position, end))
                }
                position += 1  // the closing quote
                // Anything between the closing quote and the separator is dropped.
                while position < end && bytes[position] != UInt8(ascii: ",") && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else {
                let start = position
                while position < end && bytes[position] != UInt8(ascii: ",") && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                var fieldEnd = position
                if fieldEnd > start && bytes[fieldEnd - 1] == UInt8(ascii: "\r") && (position >= end || bytes[position] == UInt8(ascii: "\n")) {
                    fieldEnd -= 1
                }
                fields.append(start..<fieldEnd)
            }
            if position >= end { return startLine }
            if bytes[position] == UInt8(ascii: "\n") {
                position += 1
                line += 1
                return startLine
            }
            position += 1  // the comma
        }
    }
}

extension Range<Int> {
    func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset)..<(upperBound + offset) }
}
