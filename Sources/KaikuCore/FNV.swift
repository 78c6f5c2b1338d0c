/// FNV-1a over a text's UTF-8 bytes: cheap and the same in every process (Swift's `Hasher` is
/// seeded per process). For hash tables and change digests, never for security.
public enum FNV {
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
