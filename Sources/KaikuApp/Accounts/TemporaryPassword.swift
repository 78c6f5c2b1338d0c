import Foundation

/// One-time passwords an admin hands over; the user must change it at first login.
public enum TemporaryPassword {
    public static func make() -> String {
        // No look-alike characters (0/O, 1/l/I), grouped for reading aloud.
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<4).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }
        return groups.joined(separator: "-")
    }
}
