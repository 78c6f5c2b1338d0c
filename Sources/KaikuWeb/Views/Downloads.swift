import Foundation
import Hummingbird
import KaikuCore

/// A report table as a file to download: CSV in Finnish Excel's convention, or an XLSX workbook.
enum Download {
    static func csv(_ name: String, _ table: [[Cell]]) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
                 body: .init(byteBuffer: ByteBuffer(string: ExcelCSV.document(table))))
    }

    static func workbook(_ name: String, _ table: [[Cell]]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: XLSX.workbook(sheet: "Kaiku", rows: table))))
    }
}
