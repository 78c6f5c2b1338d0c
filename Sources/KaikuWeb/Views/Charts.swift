import Foundation

/// Charts drawn on the server as SVG, so they need no script and print as they look. Each is
/// an image with a title; the page puts the same numbers in a table beside it.
enum Charts {
    struct Point {
        let label: String
        /// Nil when the month had too few answers to show.
        let value: Double?
    }

    /// A line over months; gaps where a month is hidden. `range` is the axis (−100…100 for NPS).
    static func line(_ points: [Point], range: ClosedRange<Double>, title: String, target: Double? = nil) -> String {
        let width = 640.0, height = 220.0, left = 44.0, right = 28.0, top = 12.0, bottom = 36.0
        let step = (width - left - right) / Double(max(points.count - 1, 1))
        func y(_ v: Double) -> Double { top + (range.upperBound - v) / (range.upperBound - range.lowerBound) * (height - top - bottom) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))" xmlns="http://www.w3.org/2000/svg">
            <title>\(escape(title))</title>
            """
        for tick in ticks(range) {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" class=\"axis\">\(format(tick))</text>"
        }
        if let target {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(target))\" y2=\"\(y(target))\" class=\"target\"/>"
        }
        var segment: [String] = []
        func flush() {
            if segment.count > 1 { svg += "<polyline class=\"series\" points=\"\(segment.joined(separator: " "))\"/>" }
            segment = []
        }
        for (index, point) in points.enumerated() {
            let x = left + Double(index) * step
            svg += "<text x=\"\(x)\" y=\"\(height - 14)\" text-anchor=\"middle\" class=\"axis\">\(escape(point.label))</text>"
            guard let value = point.value else { flush(); continue }
            segment.append("\(x),\(y(value))")
            svg += "<circle class=\"dot\" cx=\"\(x)\" cy=\"\(y(value))\" r=\"3.5\"/>"
        }
        flush()
        return svg + "</svg>"
    }

    struct Bar {
        let label: String
        let value: Double?
    }

    /// Horizontal bars from zero; negative values (an NPS below zero) in the warning colour.
    static func bars(_ bars: [Bar], range: ClosedRange<Double>, title: String) -> String {
        let rowHeight = 26.0, labelWidth = 220.0, width = 640.0, right = 60.0
        let height = rowHeight * Double(bars.count) + 8
        let span = range.upperBound - range.lowerBound
        func x(_ v: Double) -> Double { labelWidth + (v - range.lowerBound) / span * (width - labelWidth - right) }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))" xmlns="http://www.w3.org/2000/svg">
            <title>\(escape(title))</title>
            """
        let zero = x(max(range.lowerBound, 0))
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"axis\">\(escape(String(bar.label.prefix(34))))</text>"
            guard let value = bar.value else {
                svg += "<text x=\"\(zero + 4)\" y=\"\(y + 17)\" class=\"axis\">–</text>"
                continue
            }
            let end = x(value)
            svg += "<rect class=\"\(value < 0 ? "bar negative" : "bar")\" x=\"\(min(zero, end))\" y=\"\(y + 4)\" width=\"\(max(abs(end - zero), 1))\" height=\"\(rowHeight - 8)\"/>"
            svg += "<text x=\"\(max(zero, end) + 4)\" y=\"\(y + 17)\" class=\"axis\">\(format(value))</text>"
        }
        return svg + "</svg>"
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

    static func ticks(_ range: ClosedRange<Double>) -> [Double] {
        let span = range.upperBound - range.lowerBound
        let step = span > 50 ? 50.0 : span > 10 ? 10.0 : 1.0
        return stride(from: (range.lowerBound / step).rounded(.up) * step, through: range.upperBound, by: step).map { $0 }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
