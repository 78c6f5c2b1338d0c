import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// `POST /api/v1/responses`: answers from external channels (phone IVR, other systems), with an
/// API key per integration. Validation errors name the field. Documented at `/api/v1/openapi.json`.
struct IngestRoutes {
    let services: AppServices

    typealias FieldError = IntegrationAnswers.FieldError
    struct ErrorBody: Encodable { let errors: [FieldError] }

    func register(on router: Router<AppContext>) {
        router.get(.apiOpenAPI) { _, _ in
            let url = KaikuResources.root.appendingPathComponent("openapi.json")
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
        }
        router.post(.apiResponses) { request, context in
            let integration: ApiKeyRepository.Integration
            switch try await Self.integration(of: request, services) {
            case .admitted(let admitted): integration = admitted
            case .refused(let response): return response
            }
            var request = request
            let body = try await request.collectBody(upTo: context.maxBodySize)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] else {
                return try Self.json(.badRequest, ErrorBody(errors: [FieldError(field: "body", message: "a JSON object is required")]))
            }
            return try await ingest(object, integration)
        }
    }

    enum KeyCheck {
        case admitted(ApiKeyRepository.Integration)
        case refused(Response)
    }

    /// The integration whose API key (Bearer) the request carries, when the key has room for one
    /// more request (`AnswerBurstRules.perAPIKey`); else the answer to give: 401 or 429.
    static func integration(of request: Request, _ services: AppServices) async throws -> KeyCheck {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let integration = try await services.apiKeys.integration(key: String(header.dropFirst(7))) else {
            return .refused(try json(.unauthorized, ErrorBody(errors: [FieldError(field: "Authorization", message: "a valid API key is required (Bearer)")])))
        }
        guard services.bursts.admit([("apikey:" + integration.name, AnswerBurstRules.perAPIKey)], now: services.now()) else {
            var response = try json(.tooManyRequests, ErrorBody(errors: [FieldError(field: "Authorization", message: "too many requests with this API key; try again later")]))
            response.headers[.retryAfter] = "1"
            return .refused(response)
        }
        return .admitted(integration)
    }

    func ingest(_ object: [String: Any], _ integration: ApiKeyRepository.Integration) async throws -> Response {
        do {
            let stored = try await services.integrationAnswers.submit(object, from: integration)
            return try Self.json(stored ? .created : .ok, ["status": stored ? "stored" : "duplicate"])
        } catch let refusal as IntegrationAnswers.Refusal {
            return try Self.json(refusal.isOutOfReach ? .forbidden : .unprocessableContent, ErrorBody(errors: refusal.errors))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
