import Foundation
import Testing
@testable import KaikuCore

/// Admins' reach, as a table: the tree is /C/ (county) → /C/D/ (division) → /C/D/A/ (result
/// area) → /C/D/A/U/ and /C/D/A/V/ (units), and /C/E/F/W/ elsewhere.
@Suite struct AccessPolicyTests {
    static func policy(_ grants: (Role, String)...) -> AccessPolicy {
        AccessPolicy(grants: grants.map { Grant(role: $0.0, scopeNodeID: OrgPath.ids(in: $0.1).last ?? "", scopePath: $0.1) })
    }

    static let county = policy((.admin, "/C/"))
    static let unitAdmin = policy((.admin, "/C/D/A/U/"))
    static let areaAdmin = policy((.admin, "/C/D/A/"))

    @Test func onlyAdminsOfTheRootAreCountyAdmins() {
        #expect(Self.county.isCountyAdmin)
        #expect(!Self.areaAdmin.isCountyAdmin)
        #expect(!Self.policy((.handler, "/C/")).isCountyAdmin)
    }

    @Test func peopleAreReachedOnlyWhenAllTheirGrantsAreBelowAndNoneIsAPeerAdmin() {
        let cases: [(AccessPolicy, [(Role, String)], ObjectAccess, String)] = [
            (Self.unitAdmin, [(.handler, "/C/D/A/U/")], .manage, "a handler of the admin's unit"),
            (Self.unitAdmin, [(.staff, "/C/D/A/U/5/")], .manage, "staff of a service point below"),
            (Self.unitAdmin, [(.handler, "/C/D/A/U/"), (.handler, "/C/D/A/V/")], .none, "also handles another unit"),
            (Self.unitAdmin, [(.reporter, "/C/")], .none, "the director"),
            (Self.unitAdmin, [(.admin, "/C/")], .none, "the county admin"),
            (Self.unitAdmin, [(.admin, "/C/D/A/U/")], .none, "a peer admin of the same unit"),
            (Self.unitAdmin, [(.admin, "/C/D/A/U/5/")], .manage, "an admin of a service point below"),
            (Self.unitAdmin, [], .none, "a person without grants is the county's"),
            (Self.county, [], .manage, "the county admin reaches a person without grants"),
            (Self.county, [(.reporter, "/C/")], .manage, "the director"),
            (Self.county, [(.admin, "/C/")], .none, "a peer county admin (reset on the command line)"),
            (Self.areaAdmin, [(.admin, "/C/D/A/U/")], .manage, "a unit admin below"),
            (Self.areaAdmin, [(.handler, "/C/E/F/W/")], .none, "a handler elsewhere"),
            (Self.policy((.handler, "/C/")), [(.staff, "/C/D/A/U/")], .none, "not an admin"),
        ]
        for (admin, grants, expected, label) in cases {
            let target = grants.map { Grant(role: $0.0, scopeNodeID: "", scopePath: $0.1) }
            #expect(admin.access(toUser: "target", grants: target, actingUserID: "me") == expected, "\(label)")
        }
        #expect(Self.unitAdmin.access(toUser: "me", grants: [Grant(role: .admin, scopeNodeID: "U", scopePath: "/C/D/A/U/")], actingUserID: "me") == .manage)
    }

    @Test func surveysAreManagedWhenEveryTargetIsInScope() {
        let cases: [(AccessPolicy, [String], Bool, String?, ObjectAccess, String)] = [
            (Self.unitAdmin, ["/C/D/A/U/"], false, nil, .manage, "own unit only"),
            (Self.unitAdmin, ["/C/D/A/U/", "/C/D/A/V/"], false, nil, .read, "also another unit"),
            (Self.unitAdmin, ["/C/"], false, nil, .read, "targeted at the county: runs in the unit too"),
            (Self.unitAdmin, ["/C/D/A/V/"], false, nil, .none, "another unit only"),
            (Self.unitAdmin, ["/C/"], true, nil, .none, "the national survey is the county's"),
            (Self.county, ["/C/"], true, nil, .manage, "the county admin manages the national survey"),
            (Self.unitAdmin, [], false, "/C/D/A/U/", .manage, "own draft"),
            (Self.unitAdmin, [], false, "/C/D/A/V/", .none, "another unit's draft"),
            (Self.unitAdmin, [], false, nil, .none, "a draft of unknown owner is the county's"),
            (Self.county, [], false, nil, .manage, "the county admin reaches every draft"),
            (Self.areaAdmin, ["/C/D/A/U/", "/C/D/A/V/"], false, nil, .manage, "both units in the area"),
        ]
        for (admin, targets, isNational, owner, expected, label) in cases {
            #expect(admin.access(toSurveyTargetedAt: targets, isNational: isNational, ownerPath: owner) == expected, "\(label)")
        }
    }

    @Test func burstsAreLimitedAndRefill() {
        let start = TestClock.start
        var client = AnswerBurstRules.perClient(now: start)
        #expect((0..<10).allSatisfy { _ in client.take(now: start) })
        let refused = client.take(now: start.addingTimeInterval(1))
        let refilled = client.take(now: start.addingTimeInterval(31))
        let refusedAgain = client.take(now: start.addingTimeInterval(32))
        #expect(!refused && refilled && !refusedAgain)
        #expect(client.isIdle(now: start.addingTimeInterval(31 + 300)))
        var campaign = AnswerBurstRules.perLink(now: start, perSecond: 50)
        #expect((0..<6000).allSatisfy { _ in campaign.take(now: start) })
        let overflow = campaign.take(now: start)
        #expect(!overflow)
    }
}
