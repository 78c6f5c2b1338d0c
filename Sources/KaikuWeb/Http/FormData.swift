import Foundation
import Hummingbird
import MultipartKit
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
        guard let string = String(validating: lineFeeds(out), as: UTF8.self) else { throw .invalidUTF8 }
        if string.hasControlCharacters { throw .malformed }
        return string
    }

    /// CR LF (a textarea's line break) as LF, byte by byte: Foundation's `replacingOccurrences`
    /// compares Characters and so missed a CR LF followed by a combining mark.
    static func lineFeeds(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\r")) else { return bytes }
        return bytes.indices.filter { !(bytes[$0] == UInt8(ascii: "\r") && $0 + 1 < bytes.count && bytes[$0 + 1] == UInt8(ascii: "\n")) }.map { bytes[$0] }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 2046 caps a boundary at 70 characters from a small alphabet; a longer one only makes
    /// parsing slower.
    static func isValidBoundary(_ boundary: String) -> Bool {
        (1...70).contains(boundary.utf8.count)
            && boundary.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "'()+_,-./:=? ".unicodeScalars.contains($0)) }
    }

    /// multipart/form-data (file uploads), parsed by vapor/multipart-kit's streaming parser in one
    /// pass; only routes that take uploads get here (`SessionMiddleware.uploadPaths`).
    public static func parseMultipart(_ bytes: ByteBuffer, boundary: String) throws(ParseError) -> FormData {
        guard isValidBoundary(boundary), !hasNonASCIIHeaderName(Array(bytes.readableBytesView), boundary: boundary) else { throw .malformed }
        var parts: [(headers: [(String, String)], body: [UInt8])] = []
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { body.append(contentsOf: $0.readableBytesView) }
        parser.onPartComplete = {
            parts.append((headers, body))
            headers = []
            body = []
        }
        do { try parser.execute(bytes) } catch { throw .malformed }
        guard !parts.isEmpty || bytes.readableBytes == 0 else { throw .malformed }
        var form = FormData()
        for part in parts {
            guard let disposition = part.headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                  let name = parameter("name", in: disposition) else { throw .malformed }
            let contentType = part.headers.first { $0.0.lowercased() == "content-type" }?.1 ?? "application/octet-stream"
            if let filename = parameter("filename", in: disposition) {
                if !filename.isEmpty || !part.body.isEmpty {
                    form.files[name] = UploadedFile(filename: filename, contentType: contentType, data: part.body)
                }
            } else {
                guard let value = String(validating: lineFeeds(part.body), as: UTF8.self) else { throw .invalidUTF8 }
                form.fields[name, default: []].append(value)
            }
        }
        return form
    }

    /// multipart-kit (4.7) looks each byte of a part's header name up in a table of the 128 ASCII
    /// characters and traps on any other, which would take the server down: such a body is
    /// refused first. Header names are the bytes before the colon of each line from a boundary
    /// line to the first empty line; values may hold UTF-8 (a browser's `filename="ä.csv"`).
    static func hasNonASCIIHeaderName(_ bytes: [UInt8], boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        var i = 0
        while i <= bytes.count, let start = bytes[i...].firstRange(of: delimiter)?.lowerBound {
            i = start + delimiter.count
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            i += 1  // the boundary line's end
            var lineStart = i, inName = true
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\n") {
                    if i - lineStart <= 1 { break }  // the empty line before the body
                    lineStart = i + 1
                    inName = true
                } else if byte == UInt8(ascii: ":") {
                    inName = false
                } else if inName && byte >= 0x80 {
                    return true
                }
                i += 1
            }
        }
        return false
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
}

extension Request {
    /// A query parameter decoded as browsers encode GET forms ("+" for space); nil when absent
    /// or not valid UTF-8.
    func query(_ name: String) -> String? {
        guard let raw = uri.query, let form = try? FormData.parseURLEncoded(Array(raw.utf8)) else { return nil }
        return form[name]
    }
}
