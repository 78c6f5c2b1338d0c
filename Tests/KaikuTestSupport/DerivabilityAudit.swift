/// The attacker's arithmetic, for tests of disclosure control: given groups of answers ("atoms")
/// and the released counts of unions of them, which small groups follow exactly? A group follows
/// when its indicator vector lies in the row space of the released unions' indicator vectors, that
/// is, is orthogonal to every vector of their null space. Checked for every single atom, every
/// pair of small atoms and every group the caller names (runs of months, subtrees).
public struct DerivabilityAudit<Atom: Hashable & Comparable> {
    public let atoms: [Atom: Int]
    public let minimum: Int

    public init(atoms: [Atom: Int], minimum: Int) {
        self.atoms = atoms
        self.minimum = minimum
    }

    /// `released`: each released union as a membership test with its count. Atoms under a
    /// released nought are known to be empty and dropped. Returns the small groups that follow,
    /// and any released count that is not the sum of its atoms (a wrong equation).
    public func leaks(released: [(covers: (Atom) -> Bool, count: Int)], groups: [(Atom) -> Bool]) -> [String] {
        let zero = released.filter { $0.count == 0 }
        let columns = atoms.keys.filter { atom in !zero.contains { $0.covers(atom) } }.sorted()
        var problems: [String] = []
        var rows: [[Double]] = []
        for fact in released {
            let row = columns.map { fact.covers($0) ? 1.0 : 0.0 }
            let sum = zip(row, columns).reduce(0) { $0 + ($1.0 > 0 ? atoms[$1.1]! : 0) }
            if sum != fact.count { problems.append("a released \(fact.count) is the sum \(sum)") }
            rows.append(row)
        }
        var pivots: [Int] = []
        var rank = 0
        for column in columns.indices where rank < rows.count {
            guard let pivot = (rank..<rows.count).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[pivot][column]) > 1e-9 else { continue }
            rows.swapAt(rank, pivot)
            let scale = rows[rank][column]
            for c in column..<columns.count { rows[rank][c] /= scale }
            for r in rows.indices where r != rank && abs(rows[r][column]) > 1e-12 {
                let factor = rows[r][column]
                for c in column..<columns.count { rows[r][c] -= factor * rows[rank][c] }
            }
            pivots.append(column)
            rank += 1
        }
        let pivotRow = Dictionary(uniqueKeysWithValues: pivots.enumerated().map { ($1, $0) })
        let free = columns.indices.filter { pivotRow[$0] == nil }
        let signature: [[Double]] = columns.indices.map { column in
            free.map { f in column == f ? 1.0 : (pivotRow[column].map { -rows[$0][f] } ?? 0) }
        }
        func derivable(_ group: [Int]) -> Bool {
            free.indices.allSatisfy { k in abs(group.reduce(0.0) { $0 + signature[$1][k] }) < 1e-6 }
        }
        func size(_ group: [Int]) -> Int { group.reduce(0) { $0 + atoms[columns[$1]]! } }
        var candidates: [[Int]] = columns.indices.map { [$0] }
        let small = columns.indices.filter { atoms[columns[$0]]! > 0 && atoms[columns[$0]]! < minimum }
        for (i, a) in small.enumerated() {
            for b in small[(i + 1)...] where atoms[columns[a]]! + atoms[columns[b]]! < minimum { candidates.append([a, b]) }
        }
        for group in groups { candidates.append(columns.indices.filter { group(columns[$0]) }) }
        for group in candidates where size(group) > 0 && size(group) < minimum && derivable(group) {
            problems.append("\(size(group)) answers: \(group.map { columns[$0] })")
        }
        return problems
    }
}
