import Foundation

/// One family of the organisation tree over one year: a node, its children and the answers
/// given at the node itself (its "own" answers, never shown), each month counted per bucket
/// (one bucket when the table is not broken down). Suppression is decided family by family from
/// the top of the tree down (each family's parent row fixed by the family above it, as in
/// Statistics Netherlands' HiTaS), and within a family month by month as months end, so that
/// what was once decided never changes.
public struct FamilySuppression: Sendable, Hashable {
    /// Per row (the parent first, then the children), per month (12), per bucket: answers.
    public let months: [[[Int]]]
    public let buckets: Int
    public let minimum: Int

    public init(months: [[[Int]]], buckets: Int, minimum: Int) {
        self.months = months
        self.buckets = buckets
        self.minimum = minimum
    }

    /// The same family with the months that have not ended counted as empty. Their answers never
    /// change a decision (every period they belong to is still hidden), so a decision made from
    /// this table serves the whole month while answers keep arriving (`DecisionCache`).
    public func ended(_ completeMonths: Int) -> FamilySuppression {
        FamilySuppression(months: months.map { row in row.enumerated().map { $0.offset < completeMonths ? $0.element : $0.element.map { _ in 0 } } },
                          buckets: buckets, minimum: minimum)
    }

    /// Hidden cells, per row (the parent, then the children), per lattice period, per bucket.
    public typealias Decision = [[[Bool]]]

    /// - Parameters:
    ///   - completeMonths: the months of the year that have ended; later periods stay hidden.
    ///   - parent: the parent row's decision from the family above (nil at the top of the tree,
    ///     where the parent row is decided here).
    ///   - margin: for a table broken down by buckets, whether each row's total (summed over the
    ///     buckets) is hidden, per row and period, from the unbroken table's decision.
    ///   - forced: cells hidden whatever their size (a question's cells where the responses are hidden).
    public func decide(completeMonths: Int, parent: [[Bool]]?, margin: [[Bool]]? = nil, forced: Decision? = nil) -> Decision {
        let rows = months.count + 1  // the own row last
        let own = rows - 1
        let b = buckets
        let periods = LatticeYear.periods
        // Nothing answered: nothing to hide beyond what is hidden already.
        if months.allSatisfy({ $0.allSatisfy { $0.allSatisfy { $0 == 0 } } }) {
            return (0..<own).map { row in
                (0..<periods).map { period in
                    (0..<b).map { bucket in
                        LatticeYear.monthsNeeded(period) > completeMonths || (row == 0 && parent?[period][bucket] == true)
                            || forced?[row][period][bucket] == true || (margin?[row][period] ?? false)
                    }
                }
            }
        }
        func cell(_ row: Int, _ period: Int, _ bucket: Int) -> Int { (row * periods + period) * b + bucket }
        let marginBase = rows * periods * b
        func marginCell(_ row: Int, _ period: Int) -> Int { marginBase + row * periods + period }
        let cellCount = marginBase + (margin == nil ? 0 : rows * periods)

        // Atoms: each child's and the parent's own answers, per month and bucket.
        func atomSize(_ row: Int, _ month: Int, _ bucket: Int) -> Int {
            row == own ? max(0, months[0][month][bucket] - (1..<own).reduce(0) { $0 + months[$1][month][bucket] })
                : max(0, months[row][month][bucket])
        }
        let monthsOf = LatticeYear.months(of:), subperiods = LatticeYear.parts(of:)
        func within(_ period: Int) -> [Int] { [period] + subperiods(period).flatMap(within) }
        func rowsWithin(_ row: Int) -> [Int] { row == 0 ? Array(0..<rows) : [row] }
        var sizes = [Int](repeating: 0, count: cellCount)
        var inside = [[Int]](repeating: [], count: cellCount)
        for row in 0..<rows {
            for period in 0..<periods {
                for bucket in 0..<b {
                    let i = cell(row, period, bucket)
                    sizes[i] = rowsWithin(row).filter { $0 != 0 }.reduce(0) { total, r in total + monthsOf(period).reduce(0) { $0 + atomSize(r, $1, bucket) } }
                    inside[i] = rowsWithin(row).flatMap { r in within(period).map { cell(r, $0, bucket) } }.filter { $0 != i }
                }
                if margin != nil {
                    let i = marginCell(row, period)
                    sizes[i] = (0..<b).reduce(0) { $0 + sizes[cell(row, period, $1)] }
                    inside[i] = rowsWithin(row).flatMap { r in within(period).flatMap { p in [marginCell(r, p)] + (0..<b).map { cell(r, p, $0) } } }
                        .filter { $0 != i }
                }
            }
        }

        // Cells hidden by the decision this one is nested in (the parent row, from the family
        // above; the totals a breakdown breaks down): as in HiTaS, they must stay unknown here,
        // or the protection chosen above would be undone below.
        var protected: [(cell: Int, row: Int, period: Int, bucket: Int?)] = []
        for period in 0..<periods where LatticeYear.monthsNeeded(period) <= completeMonths {
            for bucket in 0..<b where parent?[period][bucket] == true { protected.append((cell(0, period, bucket), 0, period, bucket)) }
            if let margin {
                for row in 0..<own where margin[row][period] { protected.append((marginCell(row, period), row, period, nil)) }
            }
        }

        /// The subtractions an attacker can make inside a region of the table (a row or the
        /// whole family, a period, a bucket or all of them): every way to take away known cells
        /// that do not overlap, and the sizes of what is left. Exact for these rectangles: each
        /// part of a region is either a known cell taken whole or split further.
        var fixedNow = [Bool](repeating: true, count: cellCount)
        func exposure(_ known: [Bool]) -> CellSuppression.Exposure? {
            if let undone = protected.first(where: { known[$0.cell] && sizes[$0.cell] > 0 }) { return .remainder(of: undone.cell, candidates: inside[undone.cell]) }
            let all = b  // the bucket index standing for every bucket (a margin cell)
            var memo = [Remainders?](repeating: nil, count: rows * periods * (b + 1))
            func id(_ row: Int, _ period: Int, _ bucket: Int) -> Int? {
                bucket == all ? (margin == nil ? (b == 1 ? cell(row, period, 0) : nil) : marginCell(row, period)) : cell(row, period, bucket)
            }
            /// The ways to split a region into parts: by period, by row, by bucket.
            func splits(_ row: Int, _ period: Int, _ bucket: Int) -> [[(Int, Int, Int)]] {
                var result: [[(Int, Int, Int)]] = []
                if bucket == all && b > 1 { result.append((0..<b).map { (row, period, $0) }) }
                if row == 0 { result.append((1..<rows).map { ($0, period, bucket) }) }
                if period >= 12 { result.append(subperiods(period).map { (row, $0, bucket) }) }
                return result
            }
            func sum(_ parts: [(Int, Int, Int)]) -> Remainders {
                parts.dropFirst().reduce(region(parts[0].0, parts[0].1, parts[0].2)) { $0.adding(region($1.0, $1.1, $1.2)) }
            }
            func split(_ row: Int, _ period: Int, _ bucket: Int) -> Remainders {
                var result = Remainders(minimum: minimum)
                for parts in splits(row, period, bucket) { result.formUnion(sum(parts)) }
                if row != 0 && period < 12 && (bucket != all || b == 1) { result.insert(atomSize(row, period, bucket == all ? 0 : bucket)) }
                return result
            }
            func region(_ row: Int, _ period: Int, _ bucket: Int) -> Remainders {
                let key = (row * periods + period) * (b + 1) + bucket
                if let known = memo[key] { return known }
                var result = split(row, period, bucket)
                if let i = id(row, period, bucket), known[i] { result.insert(0) }
                memo[key] = result
                return result
            }
            // Smaller regions first (children before the parent, months before quarters, buckets
            // before their total): a small piece is then joined where it lies.
            for row in (0..<rows).reversed() {
                for period in 0..<periods {
                    for bucket in (margin == nil ? [0] : Array(0..<b) + [all]) {
                        let asked = bucket == 0 && b == 1 ? all : bucket
                        guard let i = id(row, period, bucket), known[i], sizes[i] > 0, split(row, period, asked).hasSmall else { continue }
                        // The parts of the split that leaves the small piece: hiding one joins it.
                        let leaving = splits(row, period, asked).filter { sum($0).hasSmall }.map { $0.compactMap { id($0.0, $0.1, $0.2) } }
                        let parts = leaving.first { $0.contains { known[$0] && !fixedNow[$0] && sizes[$0] > 0 } } ?? leaving.first ?? []
                        return .remainder(of: i, candidates: parts)
                    }
                }
            }
            return solved(known)
        }

        /// The attacker who solves all known figures together (linear algebra over the answers
        /// not known one by one): a group that follows, among every node's run of months (own
        /// answers or all, by bucket or all) and every pair of small groups, with the known cells
        /// covering it.
        func solved(_ known: [Bool]) -> CellSuppression.Exposure? {
            let atomRows = rows - 1  // the children, then the own answers
            func atomIndex(_ r: Int, _ month: Int, _ bucket: Int) -> Int { (r * 12 + month) * b + bucket }
            func atomsOf(_ row: Int, _ period: Int, _ bucket: Int?) -> [Int] {
                let rs = row == 0 ? Array(0..<atomRows) : [row - 1]
                return rs.flatMap { r in monthsOf(period).flatMap { m in (bucket.map { [$0] } ?? Array(0..<b)).map { atomIndex(r, m, $0) } } }
            }
            var atomKnown = [Bool](repeating: false, count: atomRows * 12 * b)
            var atomSizes = [Int](repeating: 0, count: atomRows * 12 * b)
            for r in 0..<atomRows {
                for m in 0..<12 {
                    for bucket in 0..<b {
                        let a = atomIndex(r, m, bucket)
                        atomSizes[a] = atomSize(r + 1, m, bucket)
                        atomKnown[a] = atomSizes[a] == 0 || known[cell(r + 1, m, bucket)]
                    }
                }
            }
            // Known cells as equations over the atoms not known one by one.
            var knownCells: [(cell: Int, atoms: [Int])] = []
            for row in 0..<rows {
                for period in 0..<periods where LatticeYear.monthsNeeded(period) <= completeMonths {
                    for bucket in 0..<b where known[cell(row, period, bucket)] { knownCells.append((cell(row, period, bucket), atomsOf(row, period, bucket))) }
                    if margin != nil, known[marginCell(row, period)] { knownCells.append((marginCell(row, period), atomsOf(row, period, nil))) }
                }
            }
            let unknown = atomKnown.indices.filter { !atomKnown[$0] }
            guard !unknown.isEmpty else { return nil }
            let column = Dictionary(uniqueKeysWithValues: unknown.enumerated().map { ($1, $0) })
            var matrix: [[Double]] = knownCells.compactMap { known in
                var row = [Double](repeating: 0, count: unknown.count)
                for atom in known.atoms { if let c = column[atom] { row[c] = 1 } }
                return row.contains(1) ? row : nil
            }
            var pivotOfColumn = [Int?](repeating: nil, count: unknown.count)
            var rank = 0
            for c in unknown.indices where rank < matrix.count {
                guard let pivot = (rank..<matrix.count).first(where: { abs(matrix[$0][c]) > 1e-9 }) else { continue }
                matrix.swapAt(rank, pivot)
                let scale = matrix[rank][c]
                for k in c..<unknown.count { matrix[rank][k] /= scale }
                for r in matrix.indices where r != rank && abs(matrix[r][c]) > 1e-12 {
                    let factor = matrix[r][c]
                    for k in c..<unknown.count { matrix[r][k] -= factor * matrix[rank][k] }
                }
                pivotOfColumn[c] = rank
                rank += 1
            }
            let free = unknown.indices.filter { pivotOfColumn[$0] == nil }
            // Per unknown atom, its entries in the null-space vectors: a group follows exactly
            // when these add up to nothing over its unknown atoms.
            let signature: [[Double]] = unknown.indices.map { c in free.map { f in c == f ? 1 : pivotOfColumn[c].map { -matrix[$0][f] } ?? 0 } }
            func follows(_ atoms: [Int]) -> Bool {
                let columns = atoms.compactMap { column[$0] }
                guard !columns.isEmpty else { return true }
                return free.indices.allSatisfy { k in abs(columns.reduce(0.0) { $0 + signature[$1][k] }) < 1e-6 }
            }
            func covering(_ atoms: [Int]) -> [Int] {
                let set = Set(atoms)
                return knownCells.filter { $0.atoms.contains(where: set.contains) }.map(\.cell)
            }
            for cell in protected {
                let atoms = atomsOf(cell.row, cell.period, cell.bucket)
                if atoms.contains(where: { !atomKnown[$0] }) && follows(atoms) { return .group(cells: covering(atoms)) }
            }
            let small = unknown.filter { atomSizes[$0] > 0 && atomSizes[$0] < minimum }
            for (i, a) in small.enumerated() {
                if follows([a]) { return .group(cells: covering([a])) }
                for other in small[(i + 1)...] where atomSizes[a] + atomSizes[other] < minimum && follows([a, other]) {
                    return .group(cells: covering([a, other]))
                }
            }
            for row in 0..<rows {
                let rowAtoms = row == 0 ? Array(0..<atomRows) : [row - 1]
                for start in 0..<completeMonths {
                    for end in start..<completeMonths {
                        for bucket in [nil] + (b > 1 ? (0..<b).map { Optional($0) } : []) {
                            let atoms = rowAtoms.flatMap { r in (start...end).flatMap { m in (bucket.map { [$0] } ?? Array(0..<b)).map { atomIndex(r, m, $0) } } }
                            let size = atoms.reduce(0) { $0 + atomSizes[$1] }
                            if size > 0 && size < minimum && atoms.contains(where: { !atomKnown[$0] }) && follows(atoms) {
                                return .group(cells: covering(atoms))
                            }
                        }
                    }
                }
            }
            return nil
        }

        var hidden = [Bool](repeating: false, count: cellCount)
        var fixed = [Bool](repeating: false, count: cellCount)
        for row in 0..<rows {
            for period in 0..<periods {
                for bucket in 0..<b {
                    let i = cell(row, period, bucket)
                    if row == own || LatticeYear.monthsNeeded(period) > completeMonths { hidden[i] = true; fixed[i] = true }
                    if row == 0, let parent { hidden[i] = hidden[i] || parent[period][bucket]; fixed[i] = true }
                    if row < own, forced?[row][period][bucket] == true { hidden[i] = true }
                }
                if let margin {
                    let i = marginCell(row, period)
                    hidden[i] = row == own || LatticeYear.monthsNeeded(period) > completeMonths || margin[row][period]
                    fixed[i] = true
                }
            }
        }

        // The links between cells, among the periods that have ended.
        func relations(upTo step: Int) -> [CellSuppression.Relation] {
            var result: [CellSuppression.Relation] = []
            let ended = (0..<periods).filter { LatticeYear.monthsNeeded($0) <= step }
            func link(_ at: (Int, Int) -> Int) {
                for period in ended where period >= 12 {
                    let parts = subperiods(period)
                    for row in 0..<rows { result.append(.init(total: at(row, period), parts: parts.map { at(row, $0) })) }
                }
                for period in ended {
                    result.append(.init(total: at(0, period), parts: (1..<rows).map { at($0, period) }))
                }
            }
            for bucket in 0..<b { link { cell($0, $1, bucket) } }
            if margin != nil {
                link(marginCell)
                for row in 0..<rows {
                    for period in ended { result.append(.init(total: marginCell(row, period), parts: (0..<b).map { cell(row, period, $0) })) }
                }
            }
            return result
        }

        // Month by month: the cells of periods ending with this month are decided, earlier ones
        // kept, later ones not yet there.
        func period(of i: Int) -> Int { i < marginBase ? (i / b) % periods : (i - marginBase) % periods }
        for step in stride(from: 1, through: completeMonths, by: 1) {
            var stepHidden = hidden
            var stepFixed = fixed
            for i in 0..<cellCount {
                let needed = LatticeYear.monthsNeeded(period(of: i))
                if needed != step { stepFixed[i] = true }
                if needed > step { stepHidden[i] = true }
            }
            fixedNow = stepFixed
            let problem = CellSuppression(sizes: sizes, relations: relations(upTo: step), inside: inside)
            var decided = problem.solve(hidden: stepHidden, fixed: stepFixed, exposed: exposure)
            // A hidden figure that follows from the shown ones anyway is shown: it tells nothing
            // new, and it stops counting as protection below (a hidden figure must stay unknown).
            for (i, follows) in problem.derivable(hidden: decided).enumerated() where follows && i < marginBase {
                let row = i / (periods * b)
                if row != 0 && row != own && forced?[row][period(of: i)][i % b] != true && LatticeYear.monthsNeeded(period(of: i)) <= step {
                    decided[i] = false
                }
            }
            for i in 0..<cellCount where LatticeYear.monthsNeeded(period(of: i)) <= step { hidden[i] = decided[i] }
        }
        return (0..<own).map { row in (0..<LatticeYear.periods).map { period in (0..<b).map { hidden[cell(row, period, $0)] } } }
    }
}
