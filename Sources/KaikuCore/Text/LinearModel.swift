import Foundation

/// A linear model with several outputs over named features: softmax over the outputs (one label
/// of several: sentiment) or a sigmoid for each (any number of them: topics). Trained by
/// stochastic gradient descent with an L2 penalty; read from and written to a TSV data file
/// (`# columns<TAB>…` naming the outputs, `@bias`, `@<setting><TAB>value`, then
/// `feature<TAB>weight per output`; other `#` lines are comments).
public struct LinearModel: Sendable, Equatable {
    public enum Link: Sendable, Equatable { case softmax, sigmoid }

    public let outputs: Int
    public let link: Link
    /// Each feature's row in `table`: `outputs` weights a row, one buffer, so that reading a text
    /// costs a dictionary lookup per feature and no array to retain.
    let rows: [String: Int]
    let table: [Double]
    public private(set) var bias: [Double]
    /// Named numbers kept with the weights (`@fallback`, `@threshold`).
    public var settings: [String: Double]

    init(outputs: Int, link: Link, rows: [String: Int], table: [Double], bias: [Double], settings: [String: Double] = [:]) {
        precondition(table.count == rows.count * outputs && bias.count == outputs)
        self.outputs = outputs
        self.link = link
        self.rows = rows
        self.table = table
        self.bias = bias
        self.settings = settings
    }

    public var weights: [String: [Double]] {
        rows.mapValues { row in Array(table[row * outputs..<(row + 1) * outputs]) }
    }

    /// The probability of each output.
    public func probabilities(_ input: [String: Double]) -> [Double] {
        var logits = bias
        table.withUnsafeBufferPointer { table in
            for (feature, value) in input {
                guard let row = rows[feature] else { continue }
                for index in 0..<outputs { logits[index] += table[row * outputs + index] * value }
            }
        }
        return Self.link(logits, link)
    }

    /// In training: `input` as (row, value) pairs.
    static func probabilities(_ input: [(Int, Double)], _ table: [Double], _ bias: [Double], _ link: Link) -> [Double] {
        let outputs = bias.count
        var logits = bias
        for (row, value) in input {
            for index in 0..<outputs { logits[index] += table[row * outputs + index] * value }
        }
        return self.link(logits, link)
    }

    static func link(_ logits: [Double], _ link: Link) -> [Double] {
        switch link {
        case .sigmoid:
            return logits.map { 1 / (1 + exp(-$0)) }
        case .softmax:
            let top = logits.max() ?? 0
            let exps = logits.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            return exps.map { $0 / sum }
        }
    }

    /// `targets[i][k]` is 1 where example i has output k. `weights` scale each example's gradient.
    /// Features seen in fewer than `minimumCount` examples are left out. The features are ordered
    /// and a fixed seed shuffles, so the same examples give the same model in every process.
    public static func train(inputs: [[String: Double]], targets: [[Double]], exampleWeights: [Double]? = nil, outputs: Int, link: Link,
                             l2: Double, epochs: Int, minimumCount: Int = 2, seed: UInt64 = 2026) -> LinearModel {
        var counts: [String: Int] = [:]
        for input in inputs { for feature in input.keys { counts[feature, default: 0] += 1 } }
        let kept = counts.filter { $0.value >= minimumCount }.keys.sorted()
        let rows = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let examples = inputs.map { input in input.compactMap { feature, value in rows[feature].map { ($0, value) } }.sorted { $0.0 < $1.0 } }
        var table = [Double](repeating: 0, count: rows.count * outputs)
        var bias = [Double](repeating: 0, count: outputs)
        var order = Array(examples.indices)
        var random = SplitMix64(seed: seed)
        var step = 0
        for _ in 0..<epochs {
            order.shuffle(using: &random)
            for position in order {
                step += 1
                let rate = 0.2 / (1 + Double(step) / Double(max(examples.count, 1)) * 0.5)
                let scale = exampleWeights?[position] ?? 1
                var gradient = probabilities(examples[position], table, bias, link)
                for index in gradient.indices { gradient[index] = (gradient[index] - targets[position][index]) * scale }
                for index in bias.indices { bias[index] -= rate * gradient[index] }
                for (row, value) in examples[position] {
                    for index in 0..<outputs {
                        let cell = row * outputs + index
                        table[cell] -= rate * (gradient[index] * value + l2 * table[cell])
                    }
                }
            }
        }
        // Weights too small to change an output are not worth shipping.
        var shippedRows: [String: Int] = [:], shipped: [Double] = []
        for feature in kept {
            let row = table[rows[feature]! * outputs..<(rows[feature]! + 1) * outputs]
            guard row.contains(where: { abs($0) > 0.0005 }) else { continue }
            shippedRows[feature] = shippedRows.count
            shipped += row
        }
        return LinearModel(outputs: outputs, link: link, rows: shippedRows, table: shipped, bias: bias)
    }

    // MARK: The data file

    public func file(comment: String, columns: [String]) -> String {
        precondition(columns.count == outputs)
        func row(_ name: String, _ weight: some Collection<Double>) -> String {
            "\(name)\t" + weight.map { String(format: "%.4f", $0) }.joined(separator: "\t")
        }
        var lines = comment.split(separator: "\n").map { "# " + $0 }
        lines.append("# columns\t" + columns.joined(separator: "\t"))
        for name in settings.keys.sorted() { lines.append("@\(name)\t\(settings[name]!)") }
        lines.append(row("@bias", bias))
        for (feature, index) in rows.sorted(by: { $0.key < $1.key }) { lines.append(row(feature, table[index * outputs..<(index + 1) * outputs])) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a data file whose outputs are `columns` (in that order: a file written for other
    /// labels or topics is refused, not read with its weights under the wrong names); `settings`
    /// names the `@` lines it may have, with their allowed ranges.
    public init(file text: String, name: String, columns: [String], link: Link, settings allowed: [String: ClosedRange<Double>]) throws {
        var rows: [String: Int] = [:], table: [Double] = []
        var bias = [Double](repeating: 0, count: columns.count)
        var settings: [String: Double] = [:]
        var named = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            func problem(_ message: String) -> TextLexicon.Problem { TextLexicon.Problem(file: name, line: number + 1, message: message) }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields[0] == "# columns" {
                guard fields.dropFirst().map(String.init) == columns else { throw problem("expected the columns \(columns.joined(separator: ", "))") }
                named = true
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if fields[0].hasPrefix("@") && fields[0] != "@bias" {
                let setting = String(fields[0].dropFirst())
                guard let range = allowed[setting], fields.count == 2, let value = Double(fields[1]), range.contains(value) else {
                    throw problem("expected one of \(allowed.keys.sorted().map { "@" + $0 }.joined(separator: ", ")) with a value in its range")
                }
                settings[setting] = value
                continue
            }
            let values = fields.dropFirst().compactMap { Double($0) }
            guard fields.count == columns.count + 1, values.count == columns.count, !fields[0].isEmpty else {
                throw problem("expected feature<TAB>\(columns.count) weights")
            }
            if fields[0] == "@bias" {
                bias = values
            } else if rows[String(fields[0])] == nil {
                rows[String(fields[0])] = rows.count
                table += values
            } else {
                throw problem("\(fields[0]) is listed twice")
            }
        }
        guard named else { throw TextLexicon.Problem(file: name, line: 1, message: "no # columns line naming the outputs") }
        self.init(outputs: columns.count, link: link, rows: rows, table: table, bias: bias, settings: settings)
    }
}
