import Foundation
import Hummingbird
import KaikuApp
import KaikuCore
import KaikuStorage

/// `POST /api/v1/visits`: visits from patient and client systems, as JSON records (the columns of
/// the visits file) or an HL7 FHIR R4 Bundle of Encounters and Patients, with an API key limited
/// to its units. Each record's fate is in the answer. `POST /api/v1/sms/delivery`: the SMS
/// gateway's delivery reports, and `POST /api/v1/sms/inbound`: the messages customers send back
/// (answers by reply, refusals), both with the configured callback token.
struct VisitApiRoutes {
    let services: AppServices

    struct RecordError: Encodable { let record: Int; let field: String; let message: String }
    struct ImportBody: Encodable {
        let imported: Int
        let duplicates: [String]
        let rejected: Int
        let errors: [RecordError]
    }
    struct Records: Decodable { let visits: [[String: VisitFile.Value]] }

    /// Most visits one request may carry; larger exports go in several requests or by file.
    static let maxRecords = 10_000

    func register(on router: Router<AppContext>) {
        router.post(.apiVisits) { request, context in
            let integration: ApiKeyRepository.Integration
            switch try await IngestRoutes.integration(of: request, services) {
            case .admitted(let admitted): integration = admitted
            case .refused(let response): return response
            }
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: context.maxBodySize))
            let parsed: VisitFile.Result
            if FHIRVisits.isFHIR(data) {
                do {
                    parsed = try FHIRVisits.read(data)
                } catch _ {
                    return try IngestRoutes.json(.badRequest, self.error("resourceType", "a FHIR Bundle of Encounter and Patient resources is required"))
                }
            } else if let records = (try? JSONDecoder().decode([[String: VisitFile.Value]].self, from: data))
                        ?? (try? JSONDecoder().decode(Records.self, from: data))?.visits {
                guard records.count <= Self.maxRecords else {
                    return try IngestRoutes.json(.contentTooLarge, error("visits", "at most \(Self.maxRecords) records per request"))
                }
                parsed = VisitFile.read(records: records)
            } else {
                return try IngestRoutes.json(.badRequest, error("body", "a JSON list of visit records, {\"visits\": [...]}, or a FHIR Bundle is required"))
            }
            let report = try await services.smsDispatch.importVisits(parsed, source: "api:" + integration.name,
                                                                     scope: try await services.apiKeys.scope(of: integration), namespace: integration.name,
                                                                     by: Actor(id: nil, email: "api:" + integration.name, ip: context.remoteAddress))
            let body = ImportBody(imported: report.imported, duplicates: report.duplicates, rejected: Set(report.problems.map(\.line)).count,
                                  errors: report.problems.map { RecordError(record: $0.line, field: $0.field, message: $0.message) })
            // Some good records are stored whatever the others: 200 with the refused ones listed; 422 only when none was good.
            let noneGood = !report.problems.isEmpty && report.imported == 0 && report.duplicates.isEmpty
            return try IngestRoutes.json(noneGood ? .unprocessableContent : .ok, body)
        }
        router.post(.apiSMSDelivery) { request, context in
            guard let fields = try await gatewayFields(request) else {
                return try IngestRoutes.json(.unauthorized, error("token", "the delivery-report token is required"))
            }
            guard let id = fields["reference"] ?? fields["id"], let status = fields["status"], !status.isEmpty else {
                return try IngestRoutes.json(.unprocessableContent, error("reference/status", "the message's reference and status are required"))
            }
            guard try await services.smsDispatch.recordDelivery(reference: id, status: status) else {
                return try IngestRoutes.json(.notFound, error("reference", "no such message"))
            }
            return try IngestRoutes.json(.ok, ["status": "recorded"])
        }
        router.post(.apiSMSInbound) { request, context in
            guard let fields = try await gatewayFields(request) else {
                return try IngestRoutes.json(.unauthorized, error("token", "the gateway's callback token is required"))
            }
            guard let sender = fields["from"] ?? fields["sender"] ?? fields["msisdn"], !sender.isEmpty,
                  let text = fields["text"] ?? fields["message"] ?? fields["body"] else {
                return try IngestRoutes.json(.unprocessableContent, error("from/text", "the sender's number and the message's text are required"))
            }
            guard text.count <= 2_000 else { return try IngestRoutes.json(.contentTooLarge, error("text", "at most 2000 characters")) }
            let outcome = try await services.smsDispatch.receiveReply(from: sender, text: text)
            return try IngestRoutes.json(.ok, ["status": outcome.rawValue])
        }
    }

    /// The gateway's fields (JSON or form-encoded) when it sent the callback token (query or bearer); nil without it.
    func gatewayFields(_ request: Request) async throws -> [String: String]? {
        guard let expected = services.configuration.smsCallbackToken else { throw AppError.notFound }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let sent = request.uri.queryParameters.get("token") ?? bearer, constantTimeEquals(sent, expected) else { return nil }
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: 64 * 1024))
        var fields: [String: String] = [:]
        if let object = try? JSONDecoder().decode([String: VisitFile.Value].self, from: data) {
            for (key, value) in object { if case .text(let text) = value { fields[key] = text } }
        } else if let form = try? FormData.parseURLEncoded(Array(data)) {
            fields = form.fields.compactMapValues(\.first)
        }
        return fields
    }

    func error(_ field: String, _ message: String) -> IngestRoutes.ErrorBody {
        IngestRoutes.ErrorBody(errors: [IngestRoutes.FieldError(field: field, message: message)])
    }
}
