import Foundation
import KaikuApp

/// Charts drawn on the server as SVG, so they need no script and print as they look. Each is
/// an image with a title; the page puts the same numbers in a table beside it.
enum Charts {
    struct Point {
        let label: String
        /// Nil when the month had too few answers to show.
        let value: Double?
    }

    /// What a chart writes in the reader's language: numbers (a decimal comma in Finnish and
    /// Swedish), the word for a hidden value, and the legend's names.
    struct Words {
        let numbers: ReportNumbers
        let hidden: String
        let series: String
        let target: String
    }

    /// A line over months; gaps where a month is hidden. The axis is fitted to the values and the
    /// target within `bounds` (−100…100 for NPS), so that a change of a few points can be seen;
    /// a legend names the line and the labelled target line.
    static func line(_ points: [Point], bounds: ClosedRange<Double>, title: String, target: Double? = nil, words: Words) -> String {
        let width = 640.0, height = 244.0, left = 44.0, right = 28.0, top = 12.0, bottom = 60.0
        let (range, step) = fitted(points.compactMap(\.value) + (target.map { [$0] } ?? []), within: bounds)
        let stepX = (width - left - right) / Double(max(points.count - 1, 1))
        func y(_ v: Double) -> Double { top + (range.upperBound - v) / (range.upperBound - range.lowerBound) * (height - top - bottom) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))" xmlns="http://www.w3.org/2000/svg">
            <title>\(escape(title))</title>
            """
        for tick in stride(from: range.lowerBound, through: range.upperBound + step / 1000, by: step) {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" class=\"axis\">\(format(tick, step: step, words))</text>"
        }
        if let target {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(target))\" y2=\"\(y(target))\" class=\"target\"/>"
            svg += "<text x=\"\(width - right)\" y=\"\(y(target) - 4)\" text-anchor=\"end\" class=\"axis target-label\">\(escape(words.target)) \(format(target, step: step, words))</text>"
        }
        var segment: [String] = []
        func flush() {
            if segment.count > 1 { svg += "<polyline class=\"series\" points=\"\(segment.joined(separator: " "))\"/>" }
            segment = []
        }
        for (index, point) in points.enumerated() {
            let x = left + Double(index) * stepX
            svg += "<text x=\"\(x)\" y=\"\(height - 38)\" text-anchor=\"middle\" class=\"axis\">\(escape(point.label))</text>"
            guard let value = point.value else { flush(); continue }
            segment.append("\(x),\(y(value))")
            svg += "<circle class=\"dot\" cx=\"\(x)\" cy=\"\(y(value))\" r=\"3.5\"/>"
        }
        flush()
        // The legend: the line, the target, and what a gap means.
        let legendY = height - 12
        svg += "<line x1=\"\(left)\" x2=\"\(left + 24)\" y1=\"\(legendY - 4)\" y2=\"\(legendY - 4)\" class=\"series\"/>"
        svg += "<text x=\"\(left + 30)\" y=\"\(legendY)\" class=\"axis\">\(escape(String(words.series.prefix(40))))</text>"
        var legendX = left + 36 + Double(min(words.series.count, 40)) * 6.2
        if target != nil {
            svg += "<line x1=\"\(legendX)\" x2=\"\(legendX + 24)\" y1=\"\(legendY - 4)\" y2=\"\(legendY - 4)\" class=\"target\"/>"
            svg += "<text x=\"\(legendX + 30)\" y=\"\(legendY)\" class=\"axis\">\(escape(words.target))</text>"
            legendX += 42 + Double(words.target.count) * 6.2
        }
        if points.contains(where: { $0.value == nil }) {
            svg += "<text x=\"\(legendX)\" y=\"\(legendY)\" class=\"axis\">\(escape("– " + words.hidden))</text>"
        }
        return svg + "</svg>"
    }

    struct Bar {
        let label: String
        let value: Double?
    }

    /// Horizontal bars from zero, largest first, hidden ones last and named as hidden; negative
    /// values (an NPS below zero) in the warning colour. The axis spans the values and zero within
    /// `bounds`; long labels wrap onto a second line rather than being cut.
    static func bars(_ unsorted: [Bar], bounds: ClosedRange<Double>, places: Int = 0, title: String, words: Words) -> String {
        let bars = unsorted.enumerated().sorted { a, b in
            switch (a.element.value, b.element.value) {
            case let (x?, y?): x != y ? x > y : a.offset < b.offset
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
        let lines = bars.map { wrap($0.label, width: 34) }
        let rowHeight = lines.contains { $0.count > 1 } ? 36.0 : 26.0, labelWidth = 230.0, width = 640.0, right = 70.0
        let height = rowHeight * Double(bars.count) + 8
        let (range, _) = fitted(bars.compactMap(\.value) + [0], within: bounds)
        let span = range.upperBound - range.lowerBound
        func x(_ v: Double) -> Double { labelWidth + (v - range.lowerBound) / span * (width - labelWidth - right) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))" xmlns="http://www.w3.org/2000/svg">
            <title>\(escape(title))</title>
            """
        let zero = x(max(range.lowerBound, 0))
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight, middle = y + rowHeight / 2 + 4
            let first = middle - Double(lines[index].count - 1) * 7
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(first)\" text-anchor=\"end\" class=\"axis\">"
                + lines[index].enumerated().map { "<tspan x=\"\(labelWidth - 8)\" dy=\"\($0.offset == 0 ? 0 : 14)\">\(escape($0.element))</tspan>" }.joined()
                + "</text>"
            guard let value = bar.value else {
                svg += "<text x=\"\(zero + 4)\" y=\"\(middle)\" class=\"axis muted\">\(escape(words.hidden))</text>"
                continue
            }
            let end = x(value)
            svg += "<rect class=\"\(value < 0 ? "bar negative" : "bar")\" x=\"\(min(zero, end))\" y=\"\(y + 4)\" width=\"\(max(abs(end - zero), 1))\" height=\"\(rowHeight - 8)\"/>"
            svg += "<text x=\"\(max(zero, end) + 4)\" y=\"\(middle)\" class=\"axis\">\(words.numbers.decimal(value, places).replacingOccurrences(of: "-", with: "−"))</text>"
        }
        return svg + "</svg>"
    }

    /// An axis that spans `values` with some room, on round steps, within `bounds`: at most about
    /// six ticks; never narrower than a tenth of the bounds, so noise is not drawn as a cliff.
    static func fitted(_ values: [Double], within bounds: ClosedRange<Double>) -> (ClosedRange<Double>, step: Double) {
        let full = bounds.upperBound - bounds.lowerBound
        guard let low = values.min(), let high = values.max() else { return (bounds, niceStep(full / 4)) }
        let step = niceStep(max(high - low, full / 10) / 4)
        let from = max(bounds.lowerBound, ((low - step / 2) / step).rounded(.down) * step)
        let to = min(bounds.upperBound, ((high + step / 2) / step).rounded(.up) * step)
        return (from...max(to, from + step), step)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        return [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw * 0.999 } ?? 10 * power
    }

    /// A value with as many decimals as the axis step needs, in the reader's way of writing numbers.
    static func format(_ value: Double, step: Double, _ words: Words) -> String {
        let places = step >= 1 ? 0 : step >= 0.1 && (step * 10).rounded() == step * 10 ? 1 : 2
        return words.numbers.decimal(value, places).replacingOccurrences(of: "-", with: "−")
    }

    /// A label on at most two lines of about `width` characters, the second shortened if it must be.
    static func wrap(_ label: String, width: Int) -> [String] {
        guard label.count > width else { return [label] }
        let words = label.split(separator: " ")
        var first = ""
        var rest = words[...]
        while let word = rest.first, first.isEmpty || first.count + 1 + word.count <= width {
            first += (first.isEmpty ? "" : " ") + word
            rest = rest.dropFirst()
        }
        let second = rest.joined(separator: " ")
        return second.isEmpty ? [first] : [first, second.count > width ? String(second.prefix(width - 1)) + "…" : second]
    }

    struct Segment {
        let value: Int
        /// `negative` draws it in the warning colour, `positive` in the brand colour, nil in grey.
        let kind: String?
        /// The texts behind it, with the link's accessible name.
        let link: (href: String, label: String)?
    }

    /// Rows of bars split into parts (a topic's negative, positive and other answers), each part
    /// that has texts behind it a link to them. A group of links, not an image: each part can be
    /// reached with the keyboard and is named by its label.
    static func stackedBars(_ rows: [(label: String, segments: [Segment])], title: String) -> String {
        let rowHeight = 26.0, labelWidth = 220.0, width = 640.0, right = 60.0
        let height = rowHeight * Double(rows.count) + 8
        let largest = Double(max(rows.map { $0.segments.map(\.value).reduce(0, +) }.max() ?? 1, 1))
        func length(_ n: Int) -> Double { Double(n) / largest * (width - labelWidth - right) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="group" aria-label="\(escape(title))" xmlns="http://www.w3.org/2000/svg">
            <title>\(escape(title))</title>
            """
        for (index, row) in rows.enumerated() {
            let y = 4 + Double(index) * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"axis\" aria-hidden=\"true\">\(escape(String(row.label.prefix(34))))</text>"
            var x = labelWidth
            for segment in row.segments where segment.value > 0 {
                let rect = "<rect class=\"bar\(segment.kind.map { " " + $0 } ?? " other")\" x=\"\(x)\" y=\"\(y + 4)\" width=\"\(max(length(segment.value), 1))\" height=\"\(rowHeight - 8)\"/>"
                if let link = segment.link {
                    svg += "<a href=\"\(escape(link.href))\" aria-label=\"\(escape(link.label))\">\(rect)</a>"
                } else {
                    svg += rect
                }
                x += length(segment.value)
            }
            svg += "<text x=\"\(x + 4)\" y=\"\(y + 17)\" class=\"axis\" aria-hidden=\"true\">\(row.segments.map(\.value).reduce(0, +))</text>"
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
