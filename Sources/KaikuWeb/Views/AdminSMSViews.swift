import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// "123 characters, 1 SMS (GSM-7)".
struct SMSLengthView {
    let label: String

    init(_ length: SMSLength, _ services: AppServices, _ context: AppContext) {
        label = services.catalog.format("sms_length", context.language,
                                        ["characters": String(length.units), "parts": String(length.segments), "encoding": length.encoding.rawValue])
    }
}

struct SMSTextField {
    let language: String
    let label: String
    let text: String
    let length: String
}

struct TallyRow {
    let label: String
    let count: Int
}

struct PlanRow {
    let visitID: String
    let decision: String
    let reason: String
    let language: String
}

struct AdminSMSPage: PageView {
    static let template = "admin_sms"
    let date: String
    let dateLabel: String
    let tally: [TallyRow]
    let hasPlan: Bool
    let plan: [PlanRow]
    let planTruncated: Bool
    let texts: [SMSTextField]
    /// What the script counts for `{unit}`, `{link}` and `{optout}` while the admin types.
    let sampleUnit: String
    let linkLength: Int
    let optOutLength: Int
    let windowStart: String
    let windowEnd: String
    let perMinute: Int
    let recentDays: Int
    let linkDays: Int
    let retentionDays: Int
    let refusals: Int
    let usesFileGateway: Bool
    let errors: [String]
    let hasErrors: Bool
}

struct SMSMessageRow {
    let at: String
    let to: String
    let text: String
    let length: String
}

struct SMSMessagesPage: PageView {
    static let template = "admin_sms_messages"
    let messages: [SMSMessageRow]
    let hasMessages: Bool
}
