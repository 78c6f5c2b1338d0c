import Foundation
import Hummingbird
import NIOCore

/// Fields of a submitted form. Parsing is strict: invalid UTF-8 or broken encoding is a 400,
/// never a silently mangled value.
public struct FormData: Sendable {
    public var fields: [String: [String]] = [:]
    public var files: [String: UploadedFile] = [:]

    public init() {}

    public struct UploadedFile: Sendable {
        public let filename: String
        public let contentType: String
        public let data: [UInt8]
    }

    public subscript(name: String) -> String? { fields[name]?.first }

    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// A trimmed value, or "" when missing.
    public func text(_ name: String) -> String {
        (fields[name]?.first ?? "").trimmed
    }

    public enum ParseError: Error { case malformed, invalidUTF8 }

    public static func parseURLEncoded(_ bytes: [UInt8]) throws(ParseError) -> FormData {
        var form = FormData()
        guard !bytes.isEmpty else { return form }
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0])
            let value = parts.count > 1 ? try decodeComponent(parts[1]) : ""
            form.fields[name, default: []].append(value)
        }
        return form
    }

    static func decodeComponent(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex,
                      let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else { throw .malformed }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        guard let string = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
        // Control characters other than tab and line breaks have no place in a form value.
        if string.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0x7F }) {
            throw .malformed
        }
        return out.contains(UInt8(ascii: "\r")) ? string.replacingOccurrences(of: "\r\n", with: "\n") : string
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// multipart/form-data, enough for file uploads from a browser form.
    public static func parseMultipart(_ bytes: [UInt8], boundary: String) throws(ParseError) -> FormData {
        var form = FormData()
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int? = nil
        var i = 0
        while let found = indexOf(delimiter, in: bytes, from: i) {
            if let s = start { parts.append(bytes[s..<max(s, found - 2)]) }  // drop the CRLF before the delimiter
            i = found + delimiter.count
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: "-") { start = nil; break }
            i += 2  // CRLF after the delimiter
            start = i
        }
        guard start == nil, !parts.isEmpty || bytes.isEmpty else { throw .malformed }
        for part in parts {
            guard let headerEnd = indexOf(Array("\r\n\r\n".utf8), in: Array(part), from: 0) else { throw .malformed }
            let headerBytes = Array(part.prefix(headerEnd))
            let body = Array(part.dropFirst(headerEnd + 4))
            guard let headers = String(validating: headerBytes, as: UTF8.self) else { throw .invalidUTF8 }
            var name: String?
            var filename: String?
            var contentType = "application/octet-stream"
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", in: line)
                    filename = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { throw .malformed }
            if let filename {
                if !filename.isEmpty || !body.isEmpty {
                    form.files[name] = UploadedFile(filename: filename, contentType: contentType, data: body)
                }
            } else {
                guard let value = String(validating: body, as: UTF8.self) else { throw .invalidUTF8 }
                form.fields[name, default: []].append(value.replacingOccurrences(of: "\r\n", with: "\n"))
            }
        }
        return form
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key {
                var value = kv[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        return nil
    }

    static func indexOf(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}

extension Request {
    /// A query parameter decoded as browsers encode GET forms ("+" for space); nil when absent
    /// or not valid UTF-8.
    func query(_ name: String) -> String? {
        guard let raw = uri.query, let form = try? FormData.parseURLEncoded(Array(raw.utf8)) else { return nil }
        return form[name]
    }
}
