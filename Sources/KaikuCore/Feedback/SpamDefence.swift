import Foundation

/// Spam defence without a third-party service: a hidden field people leave empty, a minimum time
/// between showing the form and sending it, and a limit per sender address and hour.
public struct SpamDefence: Sendable {
    public var minimumFillTime: TimeInterval = 3
    public var maximumFormAge: TimeInterval = 24 * 3600
    public var perAddressPerHour = 10

    public init() {}

    public enum Verdict: String, Sendable, Equatable {
        case accept
        /// Quietly accepted-looking but not stored: the honeypot was filled.
        case bot
        case tooFast = "feedback_error_too_fast"
        case expired = "feedback_error_form_expired"
        case rateLimited = "feedback_error_rate_limited"
    }

    public func verdict(honeypot: String, formShownAt: Date?, now: Date, submissionsThisHour: Int) -> Verdict {
        if !honeypot.isEmpty { return .bot }
        guard let shown = formShownAt else { return .expired }
        let age = now.timeIntervalSince(shown)
        if age < minimumFillTime { return .tooFast }
        if age > maximumFormAge { return .expired }
        if submissionsThisHour >= perAddressPerHour { return .rateLimited }
        return .accept
    }
}
