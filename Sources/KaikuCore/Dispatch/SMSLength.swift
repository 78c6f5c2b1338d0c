/// How long an SMS is on the air: GSM-7 when every character is in its basic set or extension
/// table (ä, ö, å, Ä, Ö, Å are in the basic set; €, [, ], {, }, ~, ^, \, | take two places), else
/// UCS-2. One message holds 160 GSM-7 places or 70 UCS-2 units; a longer text is split into parts
/// of 153 or 67 (the rest carries the joining header). The admin sees this when editing a text.
public struct SMSLength: Sendable, Equatable {
    public enum Encoding: String, Sendable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    public let encoding: Encoding
    /// Places used: GSM-7 septets (extension characters count twice) or UTF-16 units.
    public let units: Int
    public let segments: Int

    public init(_ text: String) {
        var septets = 0
        var isGSM = true
        for scalar in text.unicodeScalars {
            if Self.basic.contains(scalar) {
                septets += 1
            } else if Self.extended.contains(scalar) {
                septets += 2
            } else {
                isGSM = false
                break
            }
        }
        if isGSM {
            encoding = .gsm7
            units = septets
            segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153
        } else {
            encoding = .ucs2
            units = text.utf16.count
            segments = units <= 70 ? 1 : (units + 66) / 67
        }
    }

    /// The GSM 03.38 basic character set.
    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)

    /// Characters of the extension table, sent as an escape and a second septet.
    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)
}
