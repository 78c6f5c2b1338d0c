import Foundation

/// One cell of a table export: text is neutralised against formulas; numbers are written as
/// numbers (a negative NPS must stay a number, not become the text "'-12").
public enum Cell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case decimal(Double, places: Int)
    case empty
}

/// CSV the way Finnish Excel opens it with a double click: UTF-8 with a byte-order mark,
/// semicolons between cells, a decimal comma, CRLF line ends.
public enum ExcelCSV {
    public static func document(_ rows: [[Cell]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(render).joined(separator: ";") + "\r\n" }.joined()
    }

    static func render(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): CSV.escape(CSV.neutralise(text))
        case .integer(let n): String(n)
        case .decimal(let value, let places): decimalComma(value, places: places)
        case .empty: ""
        }
    }

    public static func decimalComma(_ value: Double, places: Int) -> String {
        point(value, places: places).replacingOccurrences(of: ".", with: ",")
    }

    /// A fixed number of decimals with a point, without a locale (and "-0.0" written as "0.0").
    public static func point(_ value: Double, places: Int) -> String {
        let scale = pow(10, Double(places))
        var rounded = (value * scale).rounded() / scale
        if rounded == 0 { rounded = 0 }
        return String(format: "%.\(places)f", rounded)
    }
}
