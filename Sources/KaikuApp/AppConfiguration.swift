import Foundation
import KaikuCore
import KaikuStorage

/// Everything Kaiku reads from its environment (`KAIKU_*`); the CLI may override some.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// `postgres://user:pass@host:port/db`; empty means the embedded SQLite file.
    public var databaseURL: String?
    /// SQLite's commit durability (`KAIKU_SQLITE_SYNCHRONOUS`: `full`, the default, or `normal`).
    public var sqliteSynchronous = KaikuDatabase.Synchronous.full
    /// Where the embedded database and development mail files live.
    public var dataDirectory = "kaiku-data"
    /// Idle time after which a staff session ends.
    public var sessionLifetime: TimeInterval = 8 * 60 * 60
    /// Send cookies only over HTTPS. Off by default because `make run` serves plain HTTP on
    /// loopback; set KAIKU_SECURE_COOKIES=true behind TLS in production.
    public var secureCookies = false
    /// Largest request body accepted, in bytes.
    public var maxBodySize = 1024 * 1024
    /// The address people reach Kaiku at, for links in email; defaults to host and port.
    public var publicURL: String?
    /// Run background jobs in this process.
    public var runsJobs = true
    /// Directory of static files (CSS, JS, images).
    public var publicDirectory = "public"
    /// `smtp://user:pass@host:port`, `smtp+starttls://…` or `smtps://…`; without it mail is written
    /// to files under the data directory and shown on the admin's outbox page.
    public var smtpURL: String?
    public var mailFrom = "Kaiku <noreply@kaiku.invalid>"
    /// The HTTP SMS gateway (`KAIKU_SMS_GATEWAY_URL`, `KAIKU_SMS_GATEWAY_AUTH`, `KAIKU_SMS_GATEWAY_FORMAT`,
    /// `KAIKU_SMS_SENDER`); without it messages are written to `smsFile` and shown on the admin's SMS page.
    public var smsGateway: HTTPSMSGateway.Configuration?
    /// The secret the gateway's delivery reports carry (`KAIKU_SMS_CALLBACK_TOKEN`); without it reports are refused.
    public var smsCallbackToken: String?
    public var smsFile: URL { URL(fileURLWithPath: dataDirectory).appendingPathComponent("sms/messages.jsonl") }
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-For` headers name the client (`KAIKU_TRUSTED_PROXIES`).
    public var trustedProxies: [AddressRange] = []
    /// Which header the trusted proxies write (`KAIKU_FORWARDED_HEADER`): `x-forwarded-for` or `forwarded`.
    public var forwardedHeader = ClientAddress.Header.xForwardedFor
    /// A bearer token for `/metrics`; without it, metrics answer only on loopback, never through a proxy.
    public var metricsToken: String?
    /// Origins (`https://www.county.fi`) of the pages that embed the feedback widget (`KAIKU_WIDGET_ORIGINS`).
    public var widgetOrigins: [String] = []
    /// Answers one open link (unit and survey) takes per second from all clients together, after a
    /// burst of two minutes' worth (`KAIKU_LINK_ANSWERS_PER_SECOND`).
    public var linkAnswersPerSecond: Double = 1
    /// What the environment got wrong; `kaiku serve` refuses to start while this is not empty.
    public var problems: [String] = []
    /// How long a process holds a leased job or outbox message (`KAIKU_LEASE_SECONDS`); by default
    /// 300 s for jobs and 120 s for messages. After a process is killed its work is due again once
    /// the lease runs out; shorter leases resume sooner but must outlast the slowest job.
    public var leaseSeconds: TimeInterval?
    /// Adds the routes the benchmark needs (`KAIKU_BENCH_ROUTES=1`); never in production.
    public var benchRoutes = false

    public init() {}

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        var c = AppConfiguration()
        if let v = environment["KAIKU_HOST"], !v.isEmpty { c.host = v }
        if let v = environment["KAIKU_PORT"], let port = Int(v) { c.port = port }
        if let v = environment["KAIKU_DATABASE_URL"], !v.isEmpty { c.databaseURL = v }
        if let v = environment["KAIKU_DATA_DIR"], !v.isEmpty { c.dataDirectory = v }
        if let v = environment["KAIKU_SQLITE_SYNCHRONOUS"], !v.isEmpty {
            if let synchronous = KaikuDatabase.Synchronous(rawValue: v.lowercased()) { c.sqliteSynchronous = synchronous } else {
                c.problems.append("KAIKU_SQLITE_SYNCHRONOUS: \(v) is neither full nor normal")
            }
        }
        if let v = environment["KAIKU_SESSION_HOURS"], let hours = Double(v), hours > 0 { c.sessionLifetime = hours * 3600 }
        if let v = environment["KAIKU_SECURE_COOKIES"] { c.secureCookies = ["1", "true", "yes"].contains(v.lowercased()) }
        if let v = environment["KAIKU_MAX_BODY_BYTES"], let n = Int(v), n > 0 { c.maxBodySize = n }
        if let v = environment["KAIKU_PUBLIC_URL"], !v.isEmpty { c.publicURL = v }
        if let v = environment["KAIKU_JOBS"] { c.runsJobs = !["0", "false", "no", "off"].contains(v.lowercased()) }
        if let v = environment["KAIKU_PUBLIC_DIR"], !v.isEmpty { c.publicDirectory = v }
        if let v = environment["KAIKU_SMTP_URL"], !v.isEmpty { c.smtpURL = v }
        if let v = environment["KAIKU_MAIL_FROM"], !v.isEmpty { c.mailFrom = v }
        c.benchRoutes = environment["KAIKU_BENCH_ROUTES"] == "1"
        if let v = environment["KAIKU_LEASE_SECONDS"], !v.isEmpty {
            if let seconds = TimeInterval(v), seconds >= 1 { c.leaseSeconds = seconds } else {
                c.problems.append("KAIKU_LEASE_SECONDS: \(v) is not a number of seconds (at least 1)")
            }
        }
        if let v = environment["KAIKU_SMS_CALLBACK_TOKEN"], !v.isEmpty { c.smsCallbackToken = v }
        if let v = environment["KAIKU_SMS_GATEWAY_URL"], !v.isEmpty {
            let format = environment["KAIKU_SMS_GATEWAY_FORMAT"]?.lowercased() ?? "json"
            if !(v.hasPrefix("https://") || v.hasPrefix("http://")) { c.problems.append("KAIKU_SMS_GATEWAY_URL: \(v) is not an http(s) URL") }
            if !["json", "form"].contains(format) { c.problems.append("KAIKU_SMS_GATEWAY_FORMAT: \(format) is neither json nor form") }
            let auth = environment["KAIKU_SMS_GATEWAY_AUTH"].flatMap { $0.isEmpty ? nil : $0 }
            if let auth, !auth.contains(":") { c.problems.append("KAIKU_SMS_GATEWAY_AUTH: a header line such as \"Authorization: Bearer …\" is required") }
            c.smsGateway = HTTPSMSGateway.Configuration(url: v, authHeader: auth, form: format == "form",
                                                         sender: environment["KAIKU_SMS_SENDER"].flatMap { $0.isEmpty ? nil : $0 } ?? "Kaiku",
                                                         callbackURL: nil)
        }
        if let v = environment["KAIKU_TRUSTED_PROXIES"], !v.isEmpty {
            let (ranges, invalid) = AddressRange.list(v)
            c.trustedProxies = ranges
            if let invalid { c.problems.append("KAIKU_TRUSTED_PROXIES: \(invalid) is not an IP address or network (CIDR)") }
        }
        if let v = environment["KAIKU_FORWARDED_HEADER"], !v.isEmpty {
            if let header = ClientAddress.Header(rawValue: v.lowercased()) { c.forwardedHeader = header } else {
                c.problems.append("KAIKU_FORWARDED_HEADER: \(v) is neither x-forwarded-for nor forwarded")
            }
        }
        if let v = environment["KAIKU_METRICS_TOKEN"], !v.isEmpty { c.metricsToken = v }
        if let v = environment["KAIKU_LINK_ANSWERS_PER_SECOND"], !v.isEmpty {
            if let rate = Double(v), rate > 0, rate <= 1_000_000 { c.linkAnswersPerSecond = rate } else {
                c.problems.append("KAIKU_LINK_ANSWERS_PER_SECOND: \(v) is not a number from 0 to 1000000")
            }
        }
        if let v = environment["KAIKU_WIDGET_ORIGINS"], !v.isEmpty {
            for origin in v.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) {
                if let normalised = WidgetOrigin.normalise(origin) { c.widgetOrigins.append(normalised) } else {
                    c.problems.append("KAIKU_WIDGET_ORIGINS: \(origin) is not an http(s) origin such as https://www.county.fi")
                }
            }
        }
        return c
    }

    public var sqlitePath: String { dataDirectory + "/kaiku.sqlite" }

    /// Where links in messages point: `publicURL`, else the address the server listens on.
    public var resolvedPublicURL: String { publicURL ?? "http://\(host):\(port)" }

    /// The gateway's settings with the delivery-report address filled in from the public URL.
    public func smsGateway(publicURL: String) -> HTTPSMSGateway.Configuration? {
        guard var gateway = smsGateway else { return nil }
        if let token = smsCallbackToken { gateway.callbackURL = publicURL + "/api/v1/sms/delivery?token=" + token }
        return gateway
    }
}
