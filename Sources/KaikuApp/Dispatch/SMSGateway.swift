import AsyncHTTPClient
import Foundation
import KaikuCore
import NIOCore
import NIOFoundationCompat

public struct OutgoingSMS: Sendable, Equatable {
    /// The outbox message's id: the gateway's reference, named again in its delivery report, so a
    /// gateway that drops repeated references never delivers one message twice.
    public let id: String
    /// "+358401234567".
    public let to: String
    public let text: String

    public init(id: String, to: String, text: String) {
        self.id = id
        self.to = to
        self.text = text
    }
}

/// Hands one text message to an operator or throws; the outbox retries.
public protocol SMSGateway: Sendable {
    func send(_ message: OutgoingSMS) async throws
}

/// An HTTP SMS gateway (the operators' REST APIs differ in names, not in kind): one POST per
/// message, JSON or form-encoded, with the configured authorisation header; any 2xx is accepted.
/// The delivery report comes back to `POST /api/v1/sms/delivery`.
public struct HTTPSMSGateway: SMSGateway {
    public struct Configuration: Sendable, Equatable {
        public var url: String
        /// A whole header line, "Authorization: Bearer …" or "X-API-Key: …".
        public var authHeader: String?
        public var form: Bool
        public var sender: String
        /// Where the gateway posts delivery reports (carries the callback token).
        public var callbackURL: String?

        public init(url: String, authHeader: String?, form: Bool, sender: String, callbackURL: String?) {
            self.url = url
            self.authHeader = authHeader
            self.form = form
            self.sender = sender
            self.callbackURL = callbackURL
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let status: UInt
        public var description: String { "SMS gateway answered HTTP \(status)" }
    }

    let configuration: Configuration
    let client: HTTPClient

    public init(configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    /// The fields every gateway gets; the names are the common ones (documented in docs/SMS.md).
    func fields(_ message: OutgoingSMS) -> [(String, String)] {
        var fields = [("to", message.to), ("from", configuration.sender), ("message", message.text), ("reference", message.id)]
        if let callback = configuration.callbackURL { fields.append(("callback_url", callback)) }
        return fields
    }

    public func send(_ message: OutgoingSMS) async throws {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        let fields = fields(message)
        let body: Data
        if configuration.form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = Data(fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&").utf8)
        } else {
            request.headers.add(name: "Content-Type", value: "application/json")
            body = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: fields), options: [.sortedKeys])
        }
        if let header = configuration.authHeader, let colon = header.firstIndex(of: ":") {
            request.headers.add(name: String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                                value: String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(15))
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw Failure(status: response.status.code) }
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
    }
}

/// Development delivery: each message is appended as a JSON line to a file, shown on the
/// admin's SMS page; nothing leaves the machine.
public struct FileSMSGateway: SMSGateway {
    public let file: URL

    public init(file: URL) { self.file = file }

    public struct Line: Codable, Sendable, Equatable {
        public let id: String
        public let to: String
        public let text: String
        public let at: String
    }

    public func send(_ message: OutgoingSMS) async throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let line = Line(id: message.id, to: message.to, text: message.text, at: Timestamp.format(Date()))
        var data = try JSONEncoder().encode(line)
        data.append(10)
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    /// The newest messages written, newest first.
    public func recent(limit: Int = 100) -> [Line] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 10).suffix(limit).reversed().compactMap { try? decoder.decode(Line.self, from: Data($0)) }
    }
}

public func makeSMSGateway(_ configuration: AppConfiguration, publicURL: String) -> any SMSGateway {
    if let http = configuration.smsGateway(publicURL: publicURL) { return HTTPSMSGateway(configuration: http) }
    return FileSMSGateway(file: configuration.smsFile)
}
