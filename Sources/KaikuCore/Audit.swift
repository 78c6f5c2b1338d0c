/// Things the audit log records. Stored as their raw values; never renamed once shipped.
public enum AuditAction: String, CaseIterable, Sendable {
    case login
    case loginFailed = "login_failed"
    case loginLocked = "login_locked"
    case logout
    case userCreated = "user_created"
    case userUpdated = "user_updated"
    case passwordReset = "password_reset"
    case passwordChanged = "password_changed"
    case grantAdded = "grant_added"
    case grantRemoved = "grant_removed"
    case orgImported = "org_imported"
    case orgNodeCreated = "org_node_created"
    case orgNodeUpdated = "org_node_updated"
    case pageUpdated = "page_updated"
    case auditExported = "audit_exported"
    /// A view of personal contact data (free-form feedback and later issues).
    case contactViewed = "contact_viewed"
    case feedbackRecorded = "feedback_recorded"
    case feedbackHandled = "feedback_handled"
    case caseExported = "case_exported"
    case settingsChanged = "settings_changed"
    case demoLoaded = "demo_loaded"
    /// A survey created, its settings or questions edited, published or closed.
    case surveyChanged = "survey_changed"
    case surveyRequested = "survey_requested"
    case surveyRequestDecided = "survey_request_decided"
    /// The outgoing mail page was opened (it lists staff notices; customers' messages masked).
    case outboxViewed = "outbox_viewed"
    /// A report target set or removed.
    case reportTargetChanged = "report_target_changed"
    /// A report subscription added or removed.
    case reportSubscriptionChanged = "report_subscription_changed"
    /// Visits imported for SMS invitations (a file or the API), with counts only.
    case visitsImported = "visits_imported"
    /// An SMS run: how many invitations were queued and visits excluded.
    case smsDispatched = "sms_dispatched"
    /// A refusal of survey SMS recorded by staff for a caller.
    case smsRefusalRecorded = "sms_refusal_recorded"
    /// The development SMS gateway's messages (numbers and links) were opened.
    case smsMessagesViewed = "sms_messages_viewed"
    /// A handler corrected (or confirmed) the sentiment and topics of a text.
    case textCorrected = "text_corrected"
    case textCorrectionAccepted = "text_correction_accepted"
    case topicRulesChanged = "topic_rules_changed"
    /// Personal links made by hand (`kaiku survey link`), with how many.
    case surveyLinksMade = "survey_links_made"
    /// An integration's API key made or revoked (`kaiku apikey`).
    case apiKeyCreated = "api_key_created"
    case apiKeyRevoked = "api_key_revoked"
    /// A county admin read a report over days that are not a calendar month, quarter or year.
    case reportDaysRead = "report_days_read"
    /// A reader listed the (masked) texts of free-form feedback cases from a report.
    case feedbackTextsRead = "feedback_texts_read"
}

/// Who does something: a person (id, email and grants), the command line, or the system, and
/// the client address the request came from. Use cases check scope against `policy` themselves,
/// so every caller (web, API, command line) carries the same reach into them.
public struct Actor: Sendable, Equatable {
    public let id: String?
    public let email: String?
    public let ip: String?
    /// What the actor may reach. Empty for residents and integrations; everything for the
    /// operator's command line and the system's own jobs.
    public let policy: AccessPolicy

    public init(id: String?, email: String?, ip: String? = nil, policy: AccessPolicy = AccessPolicy(grants: [])) {
        self.id = id
        self.email = email
        self.ip = ip
        self.policy = policy
    }

    public static let system = Actor(id: nil, email: "system", policy: .operator)
    public static let commandLine = Actor(id: nil, email: "cli", policy: .operator)
}

public struct AuditEntry: Sendable, Equatable {
    public var id: String
    public var at: String
    public var actorID: String?
    public var actorEmail: String?
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var detail: String
    public var ip: String?

    public init(id: String, at: String, actorID: String?, actorEmail: String?, action: String,
                targetType: String?, targetID: String?, detail: String, ip: String?) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.actorEmail = actorEmail
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.detail = detail
        self.ip = ip
    }
}
