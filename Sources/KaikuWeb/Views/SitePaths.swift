import Mustache

/// What templates see as `site`: `{{site.adminUsers}}` is `SiteURL.adminUsers.path`. The names are
/// the cases' own (`String(describing:)`), so a path still lives only in `SiteURL.path`; built once.
struct SitePaths: MustacheParent, Sendable {
    static let shared = SitePaths()

    let paths: [String: String] = Dictionary(uniqueKeysWithValues: SiteURL.fixed.map { (String(describing: $0), $0.path) })

    func child(named name: String) -> Any? { paths[name] }
}
