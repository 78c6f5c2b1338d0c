import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import Mustache
import Synchronization

/// A page's view model, a struct of stored values, and the template that shows it
/// (`Resources/templates/<template>.mustache`, inside the layout).
protocol PageView {
    static var template: String { get }
}

/// Renders a page's template inside the layout, with what every page needs: the translations, the
/// layout data and the site's paths.
public struct ViewRenderer: Sendable {
    let library: MustacheLibrary
    public let catalog: Catalog

    public init(templatesDirectory: String, catalog: Catalog) async throws {
        self.library = try await MustacheLibrary(directory: templatesDirectory)
        self.catalog = catalog
    }

    func html(_ page: some PageView, layout: LayoutModel, status: HTTPResponse.Status = .ok) throws -> Response {
        Self.response(ByteBuffer(string: try render(page, layout: layout)), status: status)
    }

    func render<Page: PageView>(_ page: Page, layout: LayoutModel) throws -> String {
        let context: [String: Any] = ["t": catalog.translations(layout.language, variant: layout.variant), "layout": layout, "site": SitePaths.shared,
                                      "page": ViewModel.flatten(page)]
        guard let body = library.render(context, withTemplate: Page.template) else {
            throw HTTPError(.internalServerError, message: "missing template \(Page.template)")
        }
        return body
    }

    static func response(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// A page that is the same for everyone but for a few per-visitor strings (the CSRF token, a
    /// submission id, a personal link's token): rendered once per `key` with this visitor's values,
    /// kept with those values cut out, and afterwards put together from the pieces. The values are
    /// random and long, so they occur in the page only where they were put. Without values the page
    /// is simply kept: the thank-you page after an anonymous answer is the same for every respondent
    /// of a link and language, and rendering it was half the cost of an answer (docs/BENCHMARKS.md).
    func cached(_ key: String, values: [String] = [], render: () throws -> String) rethrows -> Response {
        if let template = Self.templates.withLock({ $0[key] }) { return Self.response(template.filled(with: values)) }
        let html = try render()
        Self.templates.withLock { templates in
            if templates.count >= 2_000 { templates.removeAll() }
            templates[key] = PageTemplate(html, values: values)
        }
        return Self.response(ByteBuffer(string: html))
    }

    /// Whether `cached` would answer `key` without rendering (so work for the render can be skipped).
    func isCached(_ key: String) -> Bool { Self.templates.withLock { $0[key] != nil } }

    private static let templates = Mutex<[String: PageTemplate]>([:])
}

/// A rendered page cut at each occurrence of the per-visitor values: `pieces[i]`, then value
/// `holes[i]`, …, then the last piece.
struct PageTemplate: Sendable {
    let pieces: [ByteBuffer]
    let holes: [Int]

    init(_ html: String, values: [String]) {
        var pieces: [ByteBuffer] = []
        var holes: [Int] = []
        var rest = Substring(html)
        while let (index, range) = values.enumerated().filter({ !$0.element.isEmpty })
            .compactMap({ index, value in rest.range(of: value).map { (index, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            pieces.append(ByteBuffer(string: String(rest[..<range.lowerBound])))
            holes.append(index)
            rest = rest[range.upperBound...]
        }
        pieces.append(ByteBuffer(string: String(rest)))
        self.pieces = pieces
        self.holes = holes
    }

    func filled(with values: [String]) -> ByteBuffer {
        guard !holes.isEmpty else { return pieces[0] }
        var body = ByteBuffer()
        body.reserveCapacity(pieces.reduce(0) { $0 + $1.readableBytes } + holes.reduce(0) { $0 + values[$1].utf8.count })
        for (index, piece) in pieces.enumerated() {
            body.writeImmutableBuffer(piece)
            if index < holes.count { body.writeString(values[holes[index]]) }
        }
        return body
    }
}

public struct NavItem: Sendable, MustacheParent {
    public let href: String
    public let label: String
    public let current: Bool

    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "label": label
        case "current": current
        default: nil
        }
    }
}

public struct LanguageLink: Sendable, MustacheParent {
    public let code: String
    public let label: String
    public let href: String
    public let current: Bool

    public func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "label": label
        case "href": href
        case "current": current
        default: nil
        }
    }
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
    public var variant: SurveyVariant = .standard
}

/// Every page renders the layout, so its data answers lookups directly instead of through a Mirror.
extension LayoutModel: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "language": language
        case "lang": lang
        case "title": title
        case "isStaff": isStaff
        case "nav": nav
        case "languages": languages
        case "userEmail": userEmail
        case "csrf": csrf
        case "flash": flash
        case "flashIsError": flashIsError
        default: nil
        }
    }
}

/// swift-mustache finds `{{name}}` by reflecting over every stored property of each object on the
/// context stack, at every lookup, and a miss climbs to the next object (so `{{t.x}}` inside a
/// loop reflects the loop item and the page first). Turning a page's view model into dictionaries
/// once reflects each object once; measured in docs/BENCHMARKS.md.
enum ViewModel {
    static func flatten(_ value: Any) -> Any {
        if value is String || value is Bool || value is Int || value is MustacheParent { return value }
        if let optional = value as? OptionalValue { return optional.wrapped.map(flatten) as Any }
        if let array = value as? [Any] { return array.compactMap { unwrap($0).map(flatten) } }
        guard isViewStruct(value) else { return value }
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            if let label = child.label, let value = unwrap(child.value) { fields[label] = flatten(value) }
        }
        return fields
    }

    static func unwrap(_ value: Any) -> Any? {
        guard let optional = value as? OptionalValue else { return value }
        return optional.wrapped.flatMap(unwrap)
    }

    /// Only our own view structs become dictionaries; anything else (a Date, a number) keeps the
    /// way Mustache renders it.
    static func isViewStruct(_ value: Any) -> Bool {
        let type = type(of: value)
        let id = ObjectIdentifier(type)
        if let known = viewStructs.withLock({ $0[id] }) { return known }
        let name = String(reflecting: type)
        let own = Mirror(reflecting: value).displayStyle == .struct && (name.hasPrefix("KaikuWeb.") || name.hasPrefix("KaikuCore."))
        viewStructs.withLock { $0[id] = own }
        return own
    }

    private static let viewStructs = Mutex<[ObjectIdentifier: Bool]>([:])
}

private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrapped: Any? { self }
}
