import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct StaffHomePage: PageView {
    static let template = "staff_home"
    let name: String
    let grants: [GrantView]
    let isAdmin: Bool
    let seesUnits: Bool
    let attention: AttentionHome?
    /// A handler's new and overdue cases, linked to the list.
    let waiting: WaitingView?
}

struct WaitingView {
    let new: Int
    let overdue: Int
    let newHref: String
    let openHref: String
}

/// The front page's attention list, or while it is being made, where to find it.
struct AttentionHome {
    let table: AttentionTableView?
    let preparingHref: String?
}

struct GrantView {
    let id: String
    let role: String
    let scope: String
    let code: String
}

struct UnitListPage: PageView {
    static let template = "staff_units"
    let query: String
    let units: [NodeView]
}

struct UnitPage: PageView {
    static let template = "staff_unit"
    let adherence: AdherenceView
    let node: NodeView
    let ancestors: [NodeView]
    let children: [NodeView]
}

/// A node as pages show it, in the reader's language, with the page it links to.
struct NodeView {
    let id: String
    let href: String
    let code: String
    let name: String
    let level: String
    let levelLabel: String
    let validFrom: String
    let validTo: String
    let oid: String
    let isActive: Bool

    init(_ node: OrgNode, _ language: Language, today: CalendarDay, levelLabel: String, href: String) {
        id = node.id
        self.href = href
        code = node.code
        name = node.name[language]
        level = node.level.rawValue
        self.levelLabel = levelLabel
        validFrom = node.spec.validFrom?.description ?? ""
        validTo = node.spec.validTo?.description ?? ""
        oid = node.spec.oid ?? ""
        isActive = node.spec.isActive(on: today)
    }
}

extension AppServices {
    func nodeView(_ node: OrgNode, _ context: AppContext, today: CalendarDay, link: (String) -> SiteURL) -> NodeView {
        NodeView(node, context.language, today: today, levelLabel: catalog.text("level_" + node.level.rawValue, context.language),
                 href: link(node.id).path)
    }
}
