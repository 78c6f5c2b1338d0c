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

/// The unit's and survey's names in one language (the printed texts are in all three).
struct PrintName {
    let lang: String
    let unit: String
    let survey: String
}

struct PrintLabel {
    let lang: String
    let text: String
}

/// One picture of a smiley or weather card, with its words in every language.
struct PrintPicture {
    let src: String
    let labels: [PrintLabel]
    let alt: String
}

struct PrintPage: PageView {
    static let template = "print"
    let format: String
    let names: [PrintName]
    let link: String
    let qr: String
    let isPoster: Bool
    let isStickers: Bool
    let isCard: Bool
    let isBadges: Bool
    let isVehicle: Bool
    let isPictureCard: Bool
    let stickers: [StickerSlot]
    let badges: [StickerSlot]
    let pictures: [PrintPicture]
    let formats: [FormatLink]
    let variants: [FormatLink]
}
