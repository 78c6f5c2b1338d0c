import CStemmer
import KaikuCore
import Synchronization

/// Swedish and English stems from libstemmer (Snowball). A stemmer is re-entrant but not thread-
/// safe, and its result lives only until its next call: each sits behind a lock and the stem is
/// copied at once.
final class Snowball: Sendable {
    struct Stemmer: ~Copyable {
        let pointer: OpaquePointer
    }

    let stemmer: Mutex<Stemmer>

    /// `algorithm` as libstemmer names it: "swedish", "english".
    init?(_ algorithm: String) {
        guard let pointer = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        stemmer = Mutex(Stemmer(pointer: pointer))
    }

    deinit {
        stemmer.withLock { sb_stemmer_delete($0.pointer) }
    }

    /// The stem of a lowercased word.
    func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        return stemmer.withLock { stemmer in
            guard let stem = sb_stemmer_stem(stemmer.pointer, bytes, Int32(bytes.count)) else { return word }
            return String(decoding: UnsafeBufferPointer(start: stem, count: Int(sb_stemmer_length(stemmer.pointer))), as: UTF8.self)
        }
    }
}
