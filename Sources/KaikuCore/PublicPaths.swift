/// Paths of the site that also leave it in messages and on the command line (an SMS invitation's
/// link, a refusal link, a printed personal link, the links in staff notices and report mails).
/// `SiteURL` serves them under the same names, so a link made outside the web layer and the route
/// that answers it cannot differ.
public enum PublicPaths {
    /// A single-use personal link to a survey.
    public static func personalSurvey(_ token: String) -> String { "/s/" + token }
    /// Refusing survey text messages by the code an invitation carried.
    public static func optOut(_ code: String) -> String { "/o/" + code }
    /// A case's page for its handlers.
    public static func caseDetail(_ id: String) -> String { "/staff/cases/" + id }
    /// A short-term survey request: the requester's page and the admin's.
    public static func staffRequest(_ id: String) -> String { "/staff/survey-requests/" + id }
    public static func adminRequest(_ id: String) -> String { "/admin/survey-requests/" + id }
    /// The reporting portal, and a reader's report subscriptions.
    public static let reports = "/staff/reports"
    public static let reportSubscriptions = "/staff/reports/subscriptions"
}
