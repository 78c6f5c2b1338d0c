import Foundation

/// Complementary cell suppression over a set of linked counts: which cells to hide so that
/// nothing under the minimum can be worked out from what is shown (docs/SECURITY.md,
/// "Disclosure control").
///
/// A cell is a count of answers (a node's month, a quarter, an age band of a year). A relation
/// says that one cell is the sum of others (a quarter is its three months, a node its children and
/// its own answers). The attacker reads every shown cell and reasons:
/// - a cell is known when shown, when it is empty, or when it is the only unknown member of a
///   relation whose other members are known;
/// - from a known cell they take away any known cells inside it that do not overlap.
/// The caller says which known cell such a subtraction would leave with one to minimum − 1
/// answers (`exposed`); cells are hidden until none would. Hiding only ever grows; cells decided
/// earlier (`fixed`) keep their state, so a figure once shown is never hidden later.
public struct CellSuppression: Sendable {
    public struct Relation: Sendable, Equatable {
        public let total: Int
        public let parts: [Int]

        public init(total: Int, parts: [Int]) {
            self.total = total
            self.parts = parts
        }
    }

    public let sizes: [Int]
    public let relations: [Relation]
    /// Per cell: the cells inside it, from which a cell to hide is chosen.
    public let inside: [[Int]]

    /// Per cell: the relations it is a member of.
    let membership: [[Int]]

    public init(sizes: [Int], relations: [Relation], inside: [[Int]]) {
        self.sizes = sizes
        self.relations = relations
        self.inside = inside
        var membership = [[Int]](repeating: [], count: sizes.count)
        for (r, relation) in relations.enumerated() {
            membership[relation.total].append(r)
            for part in relation.parts { membership[part].append(r) }
        }
        self.membership = membership
    }

    /// The cells to hide. `hidden` are hidden from the start (cells never shown, like a node's own
    /// answers, and cells decided hidden earlier); `fixed` cells may not change. `exposed` gets
    /// which cells the attacker knows and names one whose subtraction leaves a small group.
    public func solve(hidden initial: [Bool], fixed: [Bool], exposed: ([Bool]) -> Exposure?) -> [Bool] {
        var hidden = initial
        func hideable(_ i: Int) -> Bool { !fixed[i] && !hidden[i] && sizes[i] > 0 }
        // Each round hides at least one more cell, or ends.
        for _ in 0...sizes.count {
            let derivedBy = derive(hidden: hidden)
            let known = sizes.indices.map { !hidden[$0] || sizes[$0] == 0 || derivedBy[$0] != nil }
            /// Hides a cell whose showing lets `cell` be worked out, following the chain of
            /// relations it was worked out through; false when no such cell may be hidden.
            func breakDerivation(of cell: Int, depth: Int = 0) -> Bool {
                guard depth < 64, let r = derivedBy[cell] else { return false }
                let members = ([relations[r].total] + relations[r].parts).filter { $0 != cell }
                if let smallest = members.filter(hideable).min(by: { (sizes[$0], $0) < (sizes[$1], $1) }) {
                    hidden[smallest] = true
                    return true
                }
                return members.contains { hidden[$0] && derivedBy[$0] != nil && breakDerivation(of: $0, depth: depth + 1) }
            }
            let cell: Int
            switch exposed(known) {
            case nil: return hidden
            case .remainder(let of, let candidates):
                // The classic complement: hide the smallest shown sibling of the small piece.
                if let smallest = candidates.filter({ known[$0] && hideable($0) }).min(by: { (sizes[$0], $0) < (sizes[$1], $1) }) {
                    hidden[smallest] = true
                    continue
                }
                // A sibling already hidden but worked out elsewhere: stop it being worked out.
                if candidates.contains(where: { hidden[$0] && derivedBy[$0] != nil && breakDerivation(of: $0) }) { continue }
                cell = of
            case .group(let cells):
                // A group worked out through several cells: hide the smallest that may be hidden.
                guard let smallest = cells.filter({ known[$0] && hideable($0) }).min(by: { (sizes[$0], $0) < (sizes[$1], $1) }) else {
                    return hideEverythingOpen(hidden, fixed)
                }
                hidden[smallest] = true
                continue
            }
            // Hide the smallest shown cell inside it, so that the bigger figure stays; else the
            // cell itself; else break the chain it was worked out through.
            if let smallest = inside[cell].filter({ known[$0] && hideable($0) }).min(by: { (sizes[$0], $0) < (sizes[$1], $1) }) {
                hidden[smallest] = true
            } else if hideable(cell) {
                hidden[cell] = true
            } else if !breakDerivation(of: cell) {
                return hideEverythingOpen(hidden, fixed)
            }
        }
        return hideEverythingOpen(hidden, fixed)
    }

    /// What the attacker could isolate: the remainder of a known cell once known cells inside it
    /// are taken away, or a group worked out by solving the figures together, with the cells
    /// that cover it.
    public enum Exposure: Sendable, Equatable {
        /// `candidates`: the cells beside the small piece, whose hiding would join it.
        case remainder(of: Int, candidates: [Int])
        case group(cells: [Int])
    }

    /// The hidden cells the attacker can work out anyway.
    public func derivable(hidden: [Bool]) -> [Bool] { derive(hidden: hidden).map { $0 != nil } }

    /// Which hidden cells the attacker can work out, and through which relation: repeatedly, a
    /// relation with exactly one unknown member gives that member.
    func derive(hidden: [Bool]) -> [Int?] {
        var derivedBy = [Int?](repeating: nil, count: sizes.count)
        var known = sizes.indices.map { !hidden[$0] || sizes[$0] == 0 }
        var queue = Array(relations.indices)
        var queued = [Bool](repeating: true, count: relations.count)
        while let r = queue.popLast() {
            queued[r] = false
            let members = [relations[r].total] + relations[r].parts
            let unknown = members.filter { !known[$0] }
            guard unknown.count == 1, let cell = unknown.first else { continue }
            known[cell] = true
            derivedBy[cell] = r
            for other in membership[cell] where !queued[other] {
                queued[other] = true
                queue.append(other)
            }
        }
        return derivedBy
    }

    /// The safe way out when nothing smaller works: every cell still open is hidden.
    func hideEverythingOpen(_ hidden: [Bool], _ fixed: [Bool]) -> [Bool] {
        sizes.indices.map { hidden[$0] || (!fixed[$0] && sizes[$0] > 0) }
    }
}

/// The sizes a remainder can take, each below a minimum or "at least the minimum": a set of
/// 0…minimum as bits, bit `minimum` standing for every size from the minimum up.
public struct Remainders: Sendable, Equatable {
    public private(set) var bits: UInt64
    public let minimum: Int

    public init(minimum: Int) {
        self.minimum = min(31, max(1, minimum))
        bits = 0
    }

    public static func only(_ size: Int, minimum: Int) -> Remainders {
        var result = Remainders(minimum: minimum)
        result.insert(size)
        return result
    }

    public mutating func insert(_ size: Int) { bits |= 1 << UInt64(min(max(0, size), minimum)) }

    public mutating func formUnion(_ other: Remainders) { bits |= other.bits }

    /// Every sum of one size from each.
    public func adding(_ other: Remainders) -> Remainders {
        var result = Remainders(minimum: minimum)
        var rest = bits
        while rest != 0 {
            let i = rest.trailingZeroBitCount
            rest &= rest - 1
            var shifted = other.bits << UInt64(i)
            let overflow = shifted >> UInt64(minimum)
            if overflow != 0 { shifted = (shifted & ((1 << UInt64(minimum)) - 1)) | (1 << UInt64(minimum)) }
            result.bits |= shifted
        }
        return result
    }

    /// Whether some remainder is a group of one to minimum − 1.
    public var hasSmall: Bool { bits & ((1 << UInt64(minimum)) - 2) != 0 }
}
