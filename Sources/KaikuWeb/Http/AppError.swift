import Hummingbird

/// An error meant for the person using the page: a status and a catalog key for the message.
public struct AppError: Error, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let messageKey: String

    public init(_ status: HTTPResponse.Status, _ messageKey: String) {
        self.status = status
        self.messageKey = messageKey
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status)
    }

    public static let notFound = AppError(.notFound, "error_404_text")
    public static let forbidden = AppError(.forbidden, "error_403_text")
    public static let badForm = AppError(.badRequest, "error_400_text")
    public static let csrf = AppError(.forbidden, "error_csrf_text")
}
