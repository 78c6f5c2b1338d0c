import Foundation
import KaikuCore
import ZIPFoundation

/// A workbook packed as an .xlsx file: its parts as deflated entries of a ZIP archive
/// (weichsel/ZIPFoundation), in memory, with a fixed date so that the same report gives the same bytes.
public enum WorkbookArchive {
    static let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    public static func bytes(_ workbook: Workbook) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in workbook.parts() {
            let data = Data(part.text.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return bytes
    }
}
