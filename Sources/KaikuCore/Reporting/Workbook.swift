import Foundation

/// A workbook a manager can use as it is: named sheets, each with a bold header row that stays in
/// view (frozen), columns wide enough for their contents, and numbers stored as numbers. The
/// parts of the Office Open XML package are made here; packing them into the archive is I/O-free
/// too but needs a ZIP library, so it lives in KaikuApp (`WorkbookArchive`).
public struct Workbook: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public let name: String
        public let header: [String]
        public let rows: [[Cell]]

        public init(name: String, header: [String], rows: [[Cell]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }

        /// Characters per column, from the longest value (header included), within 8…60.
        public var widths: [Double] {
            let count = max(header.count, rows.map(\.count).max() ?? 0)
            return (0..<count).map { column in
                let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.map(Self.length)
                let longest = ([column < header.count ? header[column].count : 0] + cells).max() ?? 0
                return Double(min(max(longest + 2, 8), 60))
            }
        }

        static func length(_ cell: Cell) -> Int {
            switch cell {
            case .text(let text): text.count
            case .integer(let n): String(n).count
            case .decimal(let value, let places): ExcelCSV.point(value, places: places).count
            case .empty: 0
            }
        }
    }

    public let sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The sheet names as Excel accepts them: at most 31 characters, none of `[]:*?/\`, unique.
    var sheetNames: [String] {
        var used = Set<String>()
        return sheets.map { sheet in
            let cleaned = String(sheet.name.map { "[]:*?/\\".contains($0) ? " " : $0 }).trimmingCharacters(in: .whitespaces)
            var name = String((cleaned.isEmpty ? "Kaiku" : cleaned).prefix(31))
            var number = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(number))"
                name = String(cleaned.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    /// The package's parts: path and text, in the order they are written.
    public func parts() -> [(path: String, text: String)] {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let names = sheetNames
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())\
            </Types>
            """))
        parts.append(("_rels/.rels", header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """))
        parts.append(("xl/workbook.xml", header + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            \(names.enumerated().map { "<sheet name=\"\(Markup.escape($0.element))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }.joined())\
            </sheets></workbook>
            """))
        parts.append(("xl/_rels/workbook.xml.rels", header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """))
        // Style 1: the header (bold, wrapped, on a light fill); style 2: text that wraps.
        parts.append(("xl/styles.xml", header + """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
            <fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF2"/><bgColor indexed="64"/></patternFill></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """))
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet, header: header)))
        }
        return parts
    }

    static func worksheet(_ sheet: Sheet, header xmlHeader: String) -> String {
        let widths = sheet.widths
        var xml = xmlHeader + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        if !widths.isEmpty {
            xml += "<cols>" + widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\(Int($0.element))\" customWidth=\"1\"/>" }.joined() + "</cols>"
        }
        xml += "<sheetData><row r=\"1\">"
        for (c, text) in sheet.header.enumerated() {
            xml += "<c r=\"\(Workbook.column(c))1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">\(Markup.escape(text))</t></is></c>"
        }
        xml += "</row>"
        for (r, row) in sheet.rows.enumerated() {
            let number = r + 2
            xml += "<row r=\"\(number)\">"
            for (c, cell) in row.enumerated() {
                let ref = Workbook.column(c) + String(number)
                switch cell {
                case .text(let text):
                    // Long texts (open answers) wrap within their column.
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(text.count > 60 ? " s=\"2\"" : "")><is><t xml:space=\"preserve\">\(Markup.escape(text))</t></is></c>"
                case .integer(let n): xml += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                case .decimal(let value, let places): xml += "<c r=\"\(ref)\"><v>\(ExcelCSV.point(value, places: places))</v></c>"
                case .empty: break
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// A, B, … Z, AA, AB, …
    static func column(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }
}
