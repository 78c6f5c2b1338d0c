import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// `POST /api/v1/responses`: answers from external channels (phone IVR, other systems), with an
/// API key per integration. Validation errors name the field. Documented at `/api/v1/openapi.json`.
struct IngestRoutes {
    let services: AppServices

    struct FieldError: Encodable { let field: String; let message: String }
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
              let integration = try await ApiKeyRepository(services.database.sql).integration(key: String(header.dropFirst(7))) else {
            return .refused(try json(.unauthorized, ErrorBody(errors: [FieldError(field: "Authorization", message: "a valid API key is required (Bearer)")])))
        }
        guard services.bursts.admit([("apikey:" + integration.name, AnswerBurstRules.perAPIKey)], now: services.now()) else {
            var response = try json(.tooManyRequests, ErrorBody(errors: [FieldError(field: "Authorization", message: "too many requests with this API key; try again later")]))
            response.headers[.retryAfter] = "1"
            return .refused(response)
        }
        return .admitted(integration)
    }

    /// Longest text accepted in an identifier field of the body.
    static let maxCodeLength = 64

    func ingest(_ object: [String: Any], _ integration: ApiKeyRepository.Integration) async throws -> Response {
        var errors: [FieldError] = []
        func string(_ name: String, required: Bool = false) -> String? {
            switch object[name] {
            case let value as String:
                guard value.count <= Self.maxCodeLength else {
                    errors.append(FieldError(field: name, message: "is longer than \(Self.maxCodeLength) characters"))
                    return nil
                }
                return value
            case nil, is NSNull:
                if required { errors.append(FieldError(field: name, message: "is required")) }
                return nil
            default:
                errors.append(FieldError(field: name, message: "must be a string"))
                return nil
            }
        }
        func code<T: RawRepresentable<String>>(_ name: String, _ type: T.Type, required: Bool = false) -> T? {
            guard let raw = string(name, required: required) else { return nil }
            guard let value = T(rawValue: raw) else {
                errors.append(FieldError(field: name, message: "unknown code \(raw)"))
                return nil
            }
            return value
        }
        let surveyCode = string("survey", required: true)
        let unitCode = string("unit", required: true)
        let channel = code("channel", Channel.self, required: true)
        if channel == .sms {
            // The SMS response rate is answers through Kaiku's own invitations over those invitations:
            // an integration posting "sms" answers would raise it (disclosure control, finding 6).
            errors.append(FieldError(field: "channel", message: "sms is for answers through Kaiku's own SMS invitations"))
        }
        let language = code("language", Language.self, required: true)
        let background = SurveyRepository.Background(ageBand: code("age_band", AgeBand.self), gender: code("gender", Gender.self)?.rawValue,
                                                     contactType: code("contact_type", ContactType.self), callType: code("call_type", CallType.self))
        let submissionID = string("submission_id")
        if let submissionID, submissionID.isEmpty || !submissionID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
            errors.append(FieldError(field: "submission_id", message: "must be 1-64 letters, digits, '-', '_', '.' or ':'"))
        }
        var fields: [String: [String]] = [:]
        if let answers = object["answers"] as? [String: Any] {
            for (key, value) in answers {
                guard key.count <= Self.maxCodeLength else {
                    errors.append(FieldError(field: "answers", message: "a question key is longer than \(Self.maxCodeLength) characters"))
                    continue
                }
                switch value {
                case let text as String: fields["q.\(key)"] = [text]
                case let number as NSNumber: fields["q.\(key)"] = [number.stringValue]
                case let list as [Any]: fields["q.\(key)"] = list.map { "\($0)" }
                default: errors.append(FieldError(field: "answers.\(key)", message: "must be a number, a string or a list"))
                }
            }
        } else {
            errors.append(FieldError(field: "answers", message: "is required: an object of question key to answer"))
        }
        if object.count > 20 || (object["answers"] as? [String: Any])?.count ?? 0 > 200 {
            errors.append(FieldError(field: "body", message: "too many fields"))
        }
        guard errors.isEmpty, let surveyCode, let unitCode, let channel, let language else {
            return try Self.json(.unprocessableContent, ErrorBody(errors: errors))
        }
        // A key posts only to its own units and surveys; anything else looks like a missing one.
        guard try await services.integration(integration, reaches: unitCode, surveyCode: surveyCode) else {
            return try Self.json(.forbidden, ErrorBody(errors: [FieldError(field: "survey/unit", message: "this API key may not post to this unit or survey")]))
        }
        let surveys = SurveyService(database: services.database, clock: services.clock)
        do {
            let opened = try await surveys.target(unitCode: unitCode, surveyCode: surveyCode, channel: channel)
            let target = SurveyService.Target(survey: opened.survey, version: opened.version, node: opened.node, channel: channel,
                                              language: language, background: background)
            let stored = try await surveys.submit(target, fields: fields, language: language, token: nil,
                                                  submissionKey: submissionID.map { "api:\(integration.name):\($0)" })
            return try Self.json(stored ? .created : .ok, ["status": stored ? "stored" : "duplicate"])
        } catch SurveyService.Refusal.invalid(let problems) {
            return try Self.json(.unprocessableContent, ErrorBody(errors: problems.map {
                FieldError(field: "answers.\($0.questionKey)", message: services.catalog.text($0.kind.rawValue, .en))
            }))
        } catch SurveyService.Refusal.notFound {
            return try Self.json(.unprocessableContent, ErrorBody(errors: [FieldError(field: "survey/unit", message: "no such survey or unit")]))
        } catch SurveyService.Refusal.closed {
            return try Self.json(.unprocessableContent, ErrorBody(errors: [FieldError(field: "survey", message: "the survey is not running in this unit")]))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
