import Foundation
import KaikuCore

/// The demo's sample visits file: an earlier day's visits (due today) and today's (due on the next
/// working day) at the demo county's service points, with people that every exclusion rule
/// catches. `kaiku demo` writes it beside the database; the README walks through importing it.
public enum DemoVisits {
    public static func csv(today: CalendarDay) -> String {
        let nodes = DemoCounty.nodes()
        let points = nodes.filter { $0.level == .servicePoint }.map(\.code)
        let healthCentreUnits = Set(nodes.filter { $0.parentCode == "\(DemoCounty.code)-TER-TA" }.map(\.code))
        let healthCentres = nodes.filter { $0.level == .servicePoint && healthCentreUnits.contains($0.parentCode ?? "") }.map(\.code)
        // The latest earlier day whose invitations are due by today (on a Monday, Friday's; on a Saturday, Thursday's).
        var previous = today.adding(days: -1)
        while DispatchPlanner.invitationDay(after: previous) > today { previous = previous.adding(days: -1) }
        var rows = [VisitFile.columns.joined(separator: ",")]
        for (dayIndex, day) in [previous, today].enumerated() {
            for i in 0..<40 {
                let person = dayIndex == 1 && i < 4 ? i : dayIndex * 100 + i  // four people visit on both days
                let start = day.start.addingTimeInterval(Double(8 * 3600 + i * 600))
                var phone = "040\(String(format: "%07d", 1_000_000 + person))"
                var birth = "\(1940 + person % 60)-0\(1 + person % 9)-1\(person % 10)"
                var language = ["fi", "fi", "fi", "sv", "en", "ar"][i % 6]
                var point = points[(i * 7) % points.count]
                var contact = "visit", call = ""
                var consent = "true", nonDisclosure = "false", optOut = "false"
                switch i {
                case 5: nonDisclosure = "true"
                case 6: birth = "\(day.year - 12)-05-01"
                case 7: consent = "false"
                case 8: optOut = "true"
                case 9: phone = "09 310 1234"
                case 10: phone = "0401234001;0501234002"
                case 11: point = "000000"  // a unit Kaiku does not know: no survey runs there
                case 12, 13: contact = "phone"; call = i == 12 ? "direct" : "callback"; point = healthCentres[i % healthCentres.count]
                case 14: phone = "+358 50 123 4567"
                default: break
                }
                // Person 20 (and 120) has two visits a day; the survey is about the later one.
                if i == 21 { phone = "040\(String(format: "%07d", 1_000_000 + dayIndex * 100 + 20))"; birth = "1960-01-10"; language = "fi" }
                let ref = i == 21 ? "P\(dayIndex * 100 + 20)" : "P\(person)"
                rows.append([
                    "V\(day.description.replacingOccurrences(of: "-", with: ""))-\(i)", ref, phone, birth, language, point, contact, call,
                    Timestamp.format(start), Timestamp.format(start.addingTimeInterval(1_200)), consent, nonDisclosure, optOut,
                ].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
