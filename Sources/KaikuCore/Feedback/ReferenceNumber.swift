import Foundation

/// Reference numbers customers quote: the year and six characters without look-alikes.
public enum ReferenceNumber {
    static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    public static func make(at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let code = String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
        return "\(CalendarDay(date).year)-\(code)"
    }
}
