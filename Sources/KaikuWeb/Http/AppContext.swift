import HTTPTypes
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import NIOCore

/// The logged-in person for this request.
public struct CurrentUser: Sendable {
    public let user: User
    public let policy: AccessPolicy
    public let sessionToken: String
    public let csrfToken: String

    public var id: String { user.id }
    public var email: String { user.email }
    /// For what a page offers (menus, fields); the use cases decide what may be done.
    public func has(_ role: Role) -> Bool { policy.has(role) }
    public var isCountyAdmin: Bool { policy.isCountyAdmin }
}

/// Per-request state that middleware fills in and routes read.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var language: Language = .fi
    /// Set when `?lang=` chose a language that should be remembered in a cookie.
    public var rememberLanguage: Language?
    /// The version of a public form being shown (easy-to-read, children's): its texts come first.
    public var variant: SurveyVariant = .standard
    public var currentUser: CurrentUser?
    /// The token forms must echo back: the session's when logged in, else the anonymous cookie's.
    public var csrfToken = ""
    /// A new anonymous CSRF cookie to set on the response.
    public var newCSRFCookie: String?
    /// The parsed body of a form POST (url-encoded or multipart).
    public var form = FormData()
    /// The address of the connection's other end: the client, or a reverse proxy.
    public let peerAddress: String?
    /// The client's address: the peer's, or, when the peer is a trusted proxy
    /// (`KAIKU_TRUSTED_PROXIES`), the one its forwarding headers name. Rate limits and the
    /// audit log use this.
    public var remoteAddress: String?
    /// What per-address limits count by (`ClientAddress.rateKey`: an IPv6 client's whole /64).
    public var rateKey: String { ClientAddress.rateKey(remoteAddress) }
    public var maxBodySize = 1024 * 1024

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        remoteAddress = peerAddress
    }

    public var maxUploadSize: Int { maxBodySize }
}

extension HTTPField.Name {
    /// RFC 7239, and the older header most proxies (nginx's `$proxy_add_x_forwarded_for`) send.
    static let forwarded = HTTPField.Name("Forwarded")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
