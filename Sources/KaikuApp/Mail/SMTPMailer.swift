import Foundation
import KaikuCore
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail over SMTP: `smtp://` (STARTTLS when offered), `smtp+starttls://` (STARTTLS
/// required), `smtps://` (TLS from the start); credentials in the URL use AUTH PLAIN.
public struct SMTPMailer: Mailer {
    public struct Configuration: Sendable {
        public enum Security: Sendable { case opportunisticSTARTTLS, requireSTARTTLS, implicitTLS }
        public var host: String
        public var port: Int
        public var security: Security
        public var username: String?
        public var password: String?
        public var from: String
        public var verifyCertificates = true

        /// Reads `smtp://user:pass@host:port`; nil for anything else.
        public init?(url: String, from: String) {
            guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
            switch scheme {
            case "smtp": security = .opportunisticSTARTTLS; port = components.port ?? 25
            case "smtp+starttls": security = .requireSTARTTLS; port = components.port ?? 587
            case "smtps": security = .implicitTLS; port = components.port ?? 465
            default: return nil
            }
            self.host = host
            self.username = components.user?.removingPercentEncoding
            self.password = components.password?.removingPercentEncoding
            self.from = from
            if components.queryItems?.contains(where: { $0.name == "verify" && $0.value == "false" }) == true { verifyCertificates = false }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let configuration: Configuration
    let clock: any KaikuClock

    public init(configuration: Configuration, clock: any KaikuClock = SystemClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    public func send(_ email: OutgoingEmail) async throws {
        let c = configuration
        let handler = SMTPResponseHandler()
        let tls = try NIOSSLContext(configuration: {
            var t = TLSConfiguration.makeClientConfiguration()
            if !c.verifyCertificates { t.certificateVerification = .none }
            return t
        }())
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if c.security == .implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: c.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: c.host, port: c.port).get()
        do {
            try await converse(channel: channel, handler: handler, tls: tls, email: email)
            try? await channel.close()
        } catch {
            try? await channel.close()
            throw error
        }
    }

    func converse(channel: any NIOCore.Channel, handler: SMTPResponseHandler, tls: NIOSSLContext, email: OutgoingEmail) async throws {
        let c = configuration
        func expect(_ codes: ClosedRange<Int>, _ step: String) async throws -> SMTPResponse {
            let response = try await handler.next(on: channel.eventLoop)
            guard codes.contains(response.code) else { throw Failure(description: "\(step): \(response.code) \(response.text)") }
            return response
        }
        func command(_ line: String, _ codes: ClosedRange<Int>, _ step: String) async throws -> SMTPResponse {
            try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n"))
            return try await expect(codes, step)
        }
        _ = try await expect(220...220, "greeting")
        var hello = try await command("EHLO kaiku", 250...250, "EHLO")
        let offersSTARTTLS = hello.text.uppercased().contains("STARTTLS")
        if c.security != .implicitTLS && (offersSTARTTLS || c.security == .requireSTARTTLS) {
            guard offersSTARTTLS else { throw Failure(description: "the server does not offer STARTTLS") }
            _ = try await command("STARTTLS", 220...220, "STARTTLS")
            // The TLS handler is made on the channel's event loop, where it lives.
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: c.host), position: .first)
            }.get()
            hello = try await command("EHLO kaiku", 250...250, "EHLO after STARTTLS")
        }
        if let username = c.username, let password = c.password {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            _ = try await command("AUTH PLAIN \(token)", 235...235, "AUTH")
        }
        _ = try await command("MAIL FROM:<\(Self.address(c.from))>", 250...250, "MAIL FROM")
        _ = try await command("RCPT TO:<\(email.to)>", 250...251, "RCPT TO")
        _ = try await command("DATA", 354...354, "DATA")
        let message = EmailFormat.message(email, from: c.from, date: clock.now())
        _ = try await command(message + "\r\n.", 250...250, "message")
        _ = try? await command("QUIT", 221...221, "QUIT")
    }

    /// "Kaiku <noreply@x.fi>" → "noreply@x.fi".
    static func address(_ from: String) -> String {
        if let start = from.firstIndex(of: "<"), let end = from.firstIndex(of: ">"), start < end {
            return String(from[from.index(after: start)..<end])
        }
        return from
    }
}

struct SMTPResponse: Sendable {
    let code: Int
    let text: String
}

/// Collects SMTP reply lines ("250-…" continues, "250 …" ends) and hands complete replies to
/// whoever waits. All state is touched on the channel's event loop only.
final class SMTPResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var partial = ""
    private var lines: [String] = []
    private var ready: [SMTPResponse] = []
    private var waiter: CheckedContinuation<SMTPResponse, any Error>?
    private var failure: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        partial += buffer.readString(length: buffer.readableBytes) ?? ""
        while let range = partial.range(of: "\r\n") ?? partial.range(of: "\n") {
            let line = String(partial[..<range.lowerBound])
            partial.removeSubrange(..<range.upperBound)
            lines.append(line)
            let isLast = line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-"
            if isLast {
                let code = Int(line.prefix(3)) ?? 0
                ready.append(SMTPResponse(code: code, text: lines.map { String($0.dropFirst(4)) }.joined(separator: "\n")))
                lines = []
                deliver()
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPMailer.Failure(description: "connection closed by the server"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        failure = error
        if let waiter { self.waiter = nil; waiter.resume(throwing: error) }
    }

    private func deliver() {
        guard let waiter, !ready.isEmpty else { return }
        self.waiter = nil
        waiter.resume(returning: ready.removeFirst())
    }

    func next(on loop: any EventLoop) async throws -> SMTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                if !self.ready.isEmpty {
                    continuation.resume(returning: self.ready.removeFirst())
                } else if let failure = self.failure {
                    continuation.resume(throwing: failure)
                } else {
                    self.waiter = continuation
                    // A server that stops answering must not hold the sender forever.
                    loop.scheduleTask(in: .seconds(30)) {
                        if self.waiter != nil { self.fail(SMTPMailer.Failure(description: "no reply from the server in 30 s")) }
                    }
                }
            }
        }
    }
}
