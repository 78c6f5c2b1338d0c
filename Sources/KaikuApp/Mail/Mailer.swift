import Foundation
import KaikuCore

public struct OutgoingEmail: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let body: String
    /// An HTML alternative to `body`, sent as multipart/alternative.
    public let html: String?
    /// Stable per message, so a receiver can drop a duplicate if a send is ever repeated.
    public let messageID: String

    public init(to: String, subject: String, body: String, html: String? = nil, messageID: String) {
        self.to = to
        self.subject = subject
        self.body = body
        self.html = html
        self.messageID = messageID
    }
}

/// Delivers one email or throws; the outbox retries.
public protocol Mailer: Sendable {
    func send(_ email: OutgoingEmail) async throws
}

/// Development delivery: each message is written to a file (and is visible on the admin's
/// outbox page), nothing leaves the machine.
public struct FileMailer: Mailer {
    let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func send(_ email: OutgoingEmail) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = email.messageID.filter { $0.isLetter || $0.isNumber || $0 == "-" } + ".eml"
        let text = "To: \(email.to)\nSubject: \(email.subject)\nMessage-ID: <\(email.messageID)@kaiku>\n\n\(email.body)\n"
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        if let html = email.html {
            try html.write(to: directory.appendingPathComponent(name + ".html"), atomically: true, encoding: .utf8)
        }
    }
}

/// Formats an RFC 5322 message with UTF-8 headers and body.
enum EmailFormat {
    static func message(_ email: OutgoingEmail, from: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(header(from))", "To: \(header(email.to))", "Subject: \(encodedWord(header(email.subject)))",
            "Date: \(formatter.string(from: date))", "Message-ID: <\(email.messageID)@kaiku>", "MIME-Version: 1.0",
        ]
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", stuffed(email.body)]
        guard let html = email.html else { return (headers + text).joined(separator: "\r\n") }
        // Mail clients show the last alternative they can: the HTML, else the text. The boundary
        // comes from the message id, which neither part can contain (base64 has no "=_").
        let boundary = "=_kaiku_" + email.messageID.filter { $0.isLetter || $0.isNumber }
        let encoded = Data(html.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return (headers + ["Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "", "--" + boundary] + text
            + ["--" + boundary, "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "", encoded, "--" + boundary + "--"])
            .joined(separator: "\r\n")
    }

    /// A text body with CR LF line ends and dot-stuffing: a line starting with "." gets another,
    /// as SMTP DATA requires.
    static func stuffed(_ body: String) -> String {
        lines(body).map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    /// The lines of a text, whatever ended them: CR LF, LF or a bare CR (which some servers read
    /// as a line end and others pass on, so a reply could otherwise smuggle in lines of its own).
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous == "\r" { previous = scalar; continue }
            if scalar == "\r" || scalar == "\n" {
                lines.append(String(line))
                line = String.UnicodeScalarView()
            } else {
                line.append(scalar)
            }
            previous = scalar
        }
        lines.append(String(line))
        return lines
    }

    /// A header value on one line.
    static func header(_ value: String) -> String {
        lines(value).joined(separator: " ")
    }

    /// RFC 2047 for non-ASCII subjects.
    static func encodedWord(_ text: String) -> String {
        text.allSatisfy(\.isASCII) ? text : "=?utf-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }
}

/// SMTP when configured; otherwise files in the data directory, for development.
public func makeMailer(_ configuration: AppConfiguration, clock: any KaikuClock) -> any Mailer {
    if let url = configuration.smtpURL, let smtp = SMTPMailer.Configuration(url: url, from: configuration.mailFrom) {
        return SMTPMailer(configuration: smtp, clock: clock)
    }
    return FileMailer(directory: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("mail"))
}
