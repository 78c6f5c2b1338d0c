import Foundation
import Hummingbird
import KaikuApp
import KaikuCore

/// A report as a file to download: a table as CSV in Finnish Excel's convention, or a workbook as XLSX.
enum Download {
    static func csv(_ name: String, _ table: [[Cell]]) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
                 body: .init(byteBuffer: ByteBuffer(string: ExcelCSV.document(table))))
    }

    static func workbook(_ name: String, _ workbook: Workbook) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: try WorkbookArchive.bytes(workbook))))
    }
}
