import Foundation

/// A one-sheet Excel workbook (Office Open XML) from rows of cells: text as inline strings,
/// numbers as numbers, in a ZIP archive with stored (uncompressed) entries. Enough for a table
/// export without a dependency; checked by reading it back with openpyxl in the system tests.
public enum XLSX {
    public static func workbook(sheet name: String, rows: [[Cell]]) -> [UInt8] {
        var zip = StoredZip()
        zip.add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            </Types>
            """)
        zip.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        zip.add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(Markup.escape(String(name.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        zip.add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            </Relationships>
            """)
        var sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            """
        for (r, row) in rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                switch cell {
                case .text(let text): sheet += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Markup.escape(text))</t></is></c>"
                case .integer(let n): sheet += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                case .decimal(let value, let places): sheet += "<c r=\"\(ref)\"><v>\(ExcelCSV.point(value, places: places))</v></c>"
                case .empty: break
                }
            }
            sheet += "</row>"
        }
        zip.add("xl/worksheets/sheet1.xml", sheet + "</sheetData></worksheet>")
        return zip.finish()
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

/// A ZIP archive of stored entries (PKWARE APPNOTE 4.3): local headers, data, central directory.
struct StoredZip {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) {
        let data = Array(text.utf8)
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(bytes.count)
        // Version 2.0, flag bit 11 (UTF-8 names), method 0 (stored), a fixed DOS time (1980-01-01).
        func common(_ out: inout [UInt8]) {
            out.le16(20); out.le16(0x0800); out.le16(0); out.le16(0); out.le16(0x21)
            out.le32(crc); out.le32(UInt32(data.count)); out.le32(UInt32(data.count))
            out.le16(UInt16(nameBytes.count)); out.le16(0)
        }
        bytes.le32(0x0403_4B50)
        common(&bytes)
        bytes += nameBytes
        bytes += data
        directory.le32(0x0201_4B50)
        directory.le16(20)
        common(&directory)
        directory.le16(0); directory.le16(0); directory.le16(0); directory.le32(0); directory.le32(offset)
        directory += nameBytes
        count += 1
    }

    mutating func finish() -> [UInt8] {
        let start = UInt32(bytes.count)
        var out = bytes + directory
        out.le32(0x0605_4B50); out.le16(0); out.le16(0); out.le16(UInt16(count)); out.le16(UInt16(count))
        out.le32(UInt32(directory.count)); out.le32(start); out.le16(0)
        return out
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    static func checksum(_ data: [UInt8]) -> UInt32 {
        ~data.reduce(~UInt32(0)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}

private extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
}
