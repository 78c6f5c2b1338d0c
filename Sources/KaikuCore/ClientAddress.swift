import Foundation

/// An IPv4 or IPv6 network (`192.0.2.0/24`, `10.1.2.3`, `fd00::/8`): the proxies whose
/// forwarding headers Kaiku believes (`KAIKU_TRUSTED_PROXIES`).
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]
    let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = IPAddress.parse(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        self.bytes = bytes
    }

    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address, bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }

    public var description: String { "\(IPAddress.format(bytes))/\(prefixLength)" }

    /// Ranges separated by commas or spaces; nil names the first entry that is not an address or network.
    public static func list(_ text: String) -> (ranges: [AddressRange], invalid: String?) {
        var ranges: [AddressRange] = []
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) {
            guard let range = AddressRange(item) else { return (ranges, item) }
            ranges.append(range)
        }
        return (ranges, nil)
    }
}

/// IP addresses as bytes: 4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 addresses become IPv4.
public enum IPAddress {
    public static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            guard let bytes = parseIPv6(text) else { return nil }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
            return bytes
        }
        return parseIPv4(text)
    }

    static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }  // a zone id
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(String(piece)) else { return nil }
                    bytes += v4
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
                }
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    public static func isLoopback(_ text: String) -> Bool {
        guard let bytes = parse(text) else { return false }
        return bytes.count == 4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }
}

/// Which address a request came from. Behind a reverse proxy every request arrives from the
/// proxy, so the proxy's `Forwarded` or `X-Forwarded-For` header names the client; but anyone can
/// send those headers, so they are believed only when the connection comes from a trusted proxy.
/// The chain is read from the right (the hop nearest to us), skipping trusted proxies: the first
/// untrusted address is the client.
public enum ClientAddress {
    /// The header the proxy writes. Only that one is read: a proxy passes on the other one as the
    /// client sent it (nginx's `$proxy_add_x_forwarded_for` leaves a client's own `Forwarded`
    /// untouched), so reading it would let a client pick its own address.
    public enum Header: String, Sendable, CaseIterable {
        case xForwardedFor = "x-forwarded-for"
        case forwarded
    }

    public static func resolve(peer: String?, header: Header = .xForwardedFor, values: [String], trusted: [AddressRange]) -> String? {
        guard let peer, isTrusted(peer, trusted) else { return peer }
        let chain = header == .forwarded ? values.flatMap(parseForwarded) : values.flatMap(parseXForwardedFor)
        guard !chain.isEmpty else { return peer }
        for hop in chain.reversed() {
            guard IPAddress.parse(hop) != nil else { return peer }  // a hop we cannot read: trust nothing beyond it
            if !isTrusted(hop, trusted) { return hop }
        }
        return chain.first
    }

    /// The key rate limits count by: an IPv4 address, or an IPv6 client's /64 (one home or phone
    /// gets a whole /64 and may pick any address in it).
    public static func rateKey(_ address: String?) -> String {
        guard let address, let bytes = IPAddress.parse(address) else { return address ?? "?" }
        return bytes.count == 4 ? IPAddress.format(bytes) : IPAddress.format(Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: 8)) + "/64"
    }

    static func isTrusted(_ address: String, _ trusted: [AddressRange]) -> Bool {
        guard let bytes = IPAddress.parse(address) else { return false }
        return trusted.contains { $0.contains(bytes) }
    }

    static func parseXForwardedFor(_ header: String) -> [String] {
        header.split(separator: ",").map { strip(String($0.trimmingCharacters(in: .whitespaces))) }
    }

    /// RFC 7239: `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
    static func parseForwarded(_ header: String) -> [String] {
        header.split(separator: ",").compactMap { element in
            for pair in element.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0].lowercased() == "for" { return strip(kv[1]) }
            }
            return nil
        }
    }

    /// Removes quotes, IPv6 brackets and a port.
    static func strip(_ value: String) -> String {
        var value = value
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        if value.hasPrefix("["), let end = value.firstIndex(of: "]") { return String(value[value.index(after: value.startIndex)..<end]) }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") { return String(value[..<colon]) }
        return value
    }
}

/// The pages allowed to embed the feedback widget, as origins: scheme, host and port.
public enum WidgetOrigin {
    /// `https://www.County.fi/` → `https://www.county.fi`; nil for anything but an http(s) origin.
    public static func normalise(_ text: String) -> String? {
        guard let url = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), !host.isEmpty, url.user == nil, url.password == nil,
              url.query == nil, url.fragment == nil, url.path.isEmpty || url.path == "/" else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// The origin of a page address, when it is an http(s) URL without user info.
    public static func of(page: String) -> String? {
        guard let url = URLComponents(string: page), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), !host.isEmpty, url.user == nil, url.password == nil else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}
