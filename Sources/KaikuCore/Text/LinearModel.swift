import Foundation

/// A linear model with several outputs over named features: softmax over the outputs (one label
/// of several: sentiment) or a sigmoid for each (any number of them: topics). Trained by
/// stochastic gradient descent with an L2 penalty; read from and written to a TSV data file
/// (`feature<TAB>weight per output`, `@bias`, `@<setting><TAB>value`, `#` comments).
public struct LinearModel: Sendable, Equatable {
    public enum Link: Sendable, Equatable { case softmax, sigmoid }

    public let outputs: Int
    public let link: Link
    /// Each feature's row in `table` (outputs weights per row, one buffer: no array per feature to retain).
    let rows: [String: Int]
    let table: [Double]
    public private(set) var bias: [Double]
    /// Named numbers kept with the weights (`@fallback`, `@threshold`).
    public var settings: [String: Double]

    public init(outputs: Int, link: Link, weights: [String: [Double]] = [:], bias: [Double]? = nil, settings: [String: Double] = [:]) {
        self.outputs = outputs
        self.link = link
        var rows: [String: Int] = [:], table: [Double] = []
        for (feature, weight) in weights {
            rows[feature] = rows.count
            table += weight
        }
        self.rows = rows
        self.table = table
        self.bias = bias ?? Array(repeating: 0, count: outputs)
        self.settings = settings
    }

    public var weights: [String: [Double]] {
        rows.mapValues { row in Array(table[row * outputs..<(row + 1) * outputs]) }
    }

    public static func == (a: LinearModel, b: LinearModel) -> Bool {
        a.outputs == b.outputs && a.link == b.link && a.weights == b.weights && a.bias == b.bias && a.settings == b.settings
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

    static func probabilities(_ input: [String: Double], _ weights: [String: [Double]], _ bias: [Double], _ link: Link) -> [Double] {
        var logits = bias
        for (feature, value) in input {
            guard let weight = weights[feature] else { continue }
            for index in logits.indices { logits[index] += weight[index] * value }
        }
        return Self.link(logits, link)
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
    /// Features seen in fewer than `minimumCount` examples are left out; a fixed seed shuffles, so
    /// the same examples give the same model.
    public static func train(inputs: [[String: Double]], targets: [[Double]], exampleWeights: [Double]? = nil, outputs: Int, link: Link,
                             l2: Double, epochs: Int, minimumCount: Int = 2, seed: UInt64 = 2026) -> LinearModel {
        var counts: [String: Int] = [:]
        for input in inputs { for feature in input.keys { counts[feature, default: 0] += 1 } }
        let inputs = inputs.map { $0.filter { counts[$0.key, default: 0] >= minimumCount } }
        var weights: [String: [Double]] = [:]
        var bias = Array(repeating: 0.0, count: outputs)
        var order = Array(inputs.indices)
        var random = SplitMix64(seed: seed)
        var step = 0
        for _ in 0..<epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            for position in order {
                step += 1
                let rate = 0.2 / (1 + Double(step) / Double(max(inputs.count, 1)) * 0.5)
                let scale = exampleWeights?[position] ?? 1
                var gradient = probabilities(inputs[position], weights, bias, link)
                for index in gradient.indices { gradient[index] = (gradient[index] - targets[position][index]) * scale }
                for index in bias.indices { bias[index] -= rate * gradient[index] }
                for (feature, value) in inputs[position] {
                    var weight = weights[feature] ?? Array(repeating: 0, count: outputs)
                    for index in weight.indices { weight[index] -= rate * (gradient[index] * value + l2 * weight[index]) }
                    weights[feature] = weight
                }
            }
        }
        // Weights too small to change an output are not worth shipping.
        let shipped = weights.filter { $0.value.contains { abs($0) > 0.0005 } }
        return LinearModel(outputs: outputs, link: link, weights: shipped, bias: bias)
    }

    // MARK: The data file

    public func file(comment: String, columns: [String]) -> String {
        func row(_ name: String, _ weight: [Double]) -> String {
            "\(name)\t" + weight.map { String(format: "%.4f", $0) }.joined(separator: "\t")
        }
        var lines = comment.split(separator: "\n").map { "# " + $0 }
        lines.append("# feature\t" + columns.joined(separator: "\t"))
        for name in settings.keys.sorted() { lines.append("@\(name)\t\(settings[name]!)") }
        lines.append(row("@bias", bias))
        let weights = self.weights
        for feature in weights.keys.sorted() { lines.append(row(feature, weights[feature]!)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a data file; `settings` names the `@` lines it may have, with their allowed ranges.
    public init(file text: String, name: String, outputs: Int, link: Link, settings allowed: [String: ClosedRange<Double>]) throws {
        var weights: [String: [Double]] = [:]
        var bias = Array(repeating: 0.0, count: outputs)
        var settings: [String: Double] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            func problem(_ message: String) -> TextLexicon.Problem { TextLexicon.Problem(file: name, line: number + 1, message: message) }
            if fields[0].hasPrefix("@") && fields[0] != "@bias" {
                let setting = String(fields[0].dropFirst())
                guard let range = allowed[setting], fields.count == 2, let value = Double(fields[1]), range.contains(value) else {
                    throw problem("expected one of \(allowed.keys.sorted().map { "@" + $0 }.joined(separator: ", ")) with a value in its range")
                }
                settings[setting] = value
                continue
            }
            let values = fields.dropFirst().compactMap { Double($0) }
            guard fields.count == outputs + 1, values.count == outputs, !fields[0].isEmpty else {
                throw problem("expected feature<TAB>\(outputs) weights")
            }
            if fields[0] == "@bias" { bias = values } else { weights[String(fields[0])] = values }
        }
        self.init(outputs: outputs, link: link, weights: weights, bias: bias, settings: settings)
    }
}
