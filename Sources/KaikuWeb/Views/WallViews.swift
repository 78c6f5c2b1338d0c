import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct WallEntryView {
    let unit: String
    let date: String
    let language: String
    let youSaid: String
    let weDid: String
}

struct WallPage: PageView {
    static let template = "wall"
    let heading: String
    let unitCode: String
    let entries: [WallEntryView]
    let isEmpty: Bool
}

/// The wall on a screen in a waiting room: the same page in the display template.
struct WallDisplayPage: PageView {
    static let template = "wall_display"
    let wall: WallPage
}
