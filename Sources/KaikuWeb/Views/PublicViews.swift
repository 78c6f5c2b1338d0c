import Foundation
import HTTPTypes
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage
import Metrics
import Prometheus

struct HomePage: PageView {
    static let template = "home"
}

struct TextPage: PageView {
    static let template = "text_page"

    let title: String
    let blocks: [TextBlockView]
    let updatedAt: String?

    init(title: String, blocks: [TextBlock], updatedAt: String?) {
        self.title = title
        self.blocks = blocks.map(TextBlockView.init)
        self.updatedAt = updatedAt
    }
}

/// Templates see stored properties only, so the block's kind is spelled out as flags.
struct TextBlockView {
    let isHeading: Bool
    let isParagraph: Bool
    let isList: Bool
    let text: String
    let lines: [String]

    init(_ block: TextBlock) {
        isHeading = block.kind == .heading
        isParagraph = block.kind == .paragraph
        isList = block.kind == .list
        text = block.lines.joined(separator: " ")
        lines = block.lines
    }
}

func jsonResponse(_ status: HTTPResponse.Status, _ body: String) -> Response {
    Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
             body: .init(byteBuffer: ByteBuffer(string: body)))
}
