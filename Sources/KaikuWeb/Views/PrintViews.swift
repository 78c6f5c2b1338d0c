import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

struct StickerSlot {}

struct FormatLink {
    let href: String
    let label: String
    let current: Bool
}

struct PrintPage: PageView {
    static let template = "print"
    let unitFi: String
    let unitSv: String
    let surveyFi: String
    let surveySv: String
    let link: String
    let qr: String
    let isPoster: Bool
    let isStickers: Bool
    let isCard: Bool
    let stickers: [StickerSlot]
    let formats: [FormatLink]
}
