/// Paths of the public site that also leave it in messages and on the command line (an SMS
/// invitation's link, a refusal link, a printed personal link). `SiteURL` serves them under the
/// same names, so a link made outside the web layer and the route that answers it cannot differ.
public enum PublicPaths {
    /// A single-use personal link to a survey.
    public static func personalSurvey(_ token: String) -> String { "/s/" + token }
    /// Refusing survey text messages by the code an invitation carried.
    public static func optOut(_ code: String) -> String { "/o/" + code }
}
