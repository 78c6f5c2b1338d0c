import Foundation
import Hummingbird
import KaikuCore
import Mustache

/// Renders a page template inside the layout, with the translations and layout data every page needs.
public struct ViewRenderer: Sendable {
    let library: MustacheLibrary
    public let catalog: Catalog

    public init(templatesDirectory: String, catalog: Catalog) async throws {
        self.library = try await MustacheLibrary(directory: templatesDirectory)
        self.catalog = catalog
    }

    public func html(_ template: String, page: Any, layout: LayoutModel, status: HTTPResponse.Status = .ok) throws -> Response {
        let context: [String: Any] = ["t": catalog.translations(layout.language), "layout": layout, "page": page]
        guard let body = library.render(context, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "missing template \(template)")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

public struct NavItem: Sendable {
    public let href: String
    public let label: String
    public let current: Bool
}

public struct LanguageLink: Sendable {
    public let code: String
    public let label: String
    public let href: String
    public let current: Bool
}

/// Data the layout reads as `layout.*`.
public struct LayoutModel: @unchecked Sendable {
    public let language: Language
    public let lang: String
    public var title: String
    public let isStaff: Bool
    public let nav: [NavItem]
    public let languages: [LanguageLink]
    public let userEmail: String?
    public let csrf: String
    public var flash: String?
    public var flashIsError = false
}

/// An empty string opens no `{{#section}}`, as in most Mustache implementations; swift-mustache
/// would otherwise render sections for "" (an empty OID, note or detail).
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}
