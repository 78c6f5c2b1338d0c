import Foundation
import KaikuCore
import KaikuStorage

/// Answers posted by an integration (`POST /api/v1/responses`: phone IVR, other systems): the
/// body's rules, the key's reach (its own units and surveys only) and the store, for whoever
/// calls. Every problem names its field, in English like the rest of the API.
public struct IntegrationAnswers: Sendable {
    let database: KaikuDatabase
    let clock: any KaikuClock
    let catalog: Catalog

    public init(database: KaikuDatabase, clock: any KaikuClock, catalog: Catalog) {
        self.database = database
        self.clock = clock
        self.catalog = catalog
    }

    public struct FieldError: Encodable, Equatable, Sendable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Why nothing was stored: the body broke a rule (`reach` false) or the key may not post to
    /// that unit or survey (`reach` true).
    public struct Refusal: Error, Equatable, Sendable {
        public let errors: [FieldError]
        public let isOutOfReach: Bool
    }

    /// Longest text accepted in an identifier field of the body.
    public static let maxCodeLength = 64

    /// Stores the answer set in `body` (a decoded JSON object); true when stored, false when the
    /// same `submission_id` was stored before.
    public func submit(_ body: [String: Any], from integration: ApiKeyRepository.Integration) async throws -> Bool {
        var reader = BodyReader(object: body, languages: catalog.publicLanguages)
        let request = reader.read()
        guard reader.errors.isEmpty, let request else { throw Refusal(errors: reader.errors, isOutOfReach: false) }
        // A key posts only to its own units and surveys; anything else looks like a missing one.
        guard try await ApiKeys(database: database, clock: clock).reaches(integration, unitCode: request.unitCode, surveyCode: request.surveyCode) else {
            throw Refusal(errors: [FieldError(field: "survey/unit", message: "this API key may not post to this unit or survey")], isOutOfReach: true)
        }
        let surveys = SurveyService(database: database, clock: clock)
        do {
            let opened = try await surveys.target(unitCode: request.unitCode, surveyCode: request.surveyCode, channel: request.channel)
            let target = SurveyService.Target(survey: opened.survey, version: opened.version, node: opened.node, channel: request.channel,
                                              language: request.language, background: request.background)
            return try await surveys.submit(target, fields: request.fields, language: request.language, token: nil,
                                            submissionKey: request.submissionID.map { "api:\(integration.name):\($0)" })
        } catch SurveyService.Refusal.invalid(let problems) {
            throw Refusal(errors: problems.map { FieldError(field: "answers.\($0.questionKey)", message: catalog.text($0.kind.rawValue, .en)) },
                          isOutOfReach: false)
        } catch SurveyService.Refusal.notFound {
            throw Refusal(errors: [FieldError(field: "survey/unit", message: "no such survey or unit")], isOutOfReach: false)
        } catch SurveyService.Refusal.closed {
            throw Refusal(errors: [FieldError(field: "survey", message: "the survey is not running in this unit")], isOutOfReach: false)
        }
    }

    struct Request {
        let surveyCode: String
        let unitCode: String
        let channel: Channel
        let language: Language
        let background: SurveyRepository.Background
        let submissionID: String?
        let fields: [String: [String]]
    }

    /// Reads the body's fields, collecting every problem.
    struct BodyReader {
        let object: [String: Any]
        /// The languages answers may be in: the shipped ones and the county's added ones.
        let languages: [Language]
        var errors: [FieldError] = []

        mutating func read() -> Request? {
            let surveyCode = string("survey", required: true)
            let unitCode = string("unit", required: true)
            let channel = code("channel", Channel.self, required: true)
            if channel == .sms {
                // The SMS response rate is answers through Kaiku's own invitations over those invitations:
                // an integration posting "sms" answers would raise it (disclosure control, finding 6).
                errors.append(FieldError(field: "channel", message: "sms is for answers through Kaiku's own SMS invitations"))
            }
            var language = code("language", Language.self, required: true)
            if let code = language, !languages.contains(code) {
                errors.append(FieldError(field: "language", message: "unknown code \(code.rawValue)"))
                language = nil
            }
            let background = SurveyRepository.Background(ageBand: code("age_band", AgeBand.self), gender: code("gender", Gender.self)?.rawValue,
                                                         contactType: code("contact_type", ContactType.self), callType: code("call_type", CallType.self))
            let submissionID = string("submission_id")
            if let submissionID, submissionID.isEmpty || !submissionID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
                errors.append(FieldError(field: "submission_id", message: "must be 1-64 letters, digits, '-', '_', '.' or ':'"))
            }
            let fields = answers()
            if object.count > 20 || (object["answers"] as? [String: Any])?.count ?? 0 > 200 {
                errors.append(FieldError(field: "body", message: "too many fields"))
            }
            guard let surveyCode, let unitCode, let channel, let language else { return nil }
            return Request(surveyCode: surveyCode, unitCode: unitCode, channel: channel, language: language, background: background,
                           submissionID: submissionID, fields: fields)
        }

        mutating func answers() -> [String: [String]] {
            guard let answers = object["answers"] as? [String: Any] else {
                errors.append(FieldError(field: "answers", message: "is required: an object of question key to answer"))
                return [:]
            }
            var fields: [String: [String]] = [:]
            for (key, value) in answers {
                guard key.count <= IntegrationAnswers.maxCodeLength else {
                    errors.append(FieldError(field: "answers", message: "a question key is longer than \(IntegrationAnswers.maxCodeLength) characters"))
                    continue
                }
                switch value {
                case let text as String: fields["q.\(key)"] = [text]
                case let number as NSNumber: fields["q.\(key)"] = [number.stringValue]
                case let list as [Any]: fields["q.\(key)"] = list.map { "\($0)" }
                default: errors.append(FieldError(field: "answers.\(key)", message: "must be a number, a string or a list"))
                }
            }
            return fields
        }

        mutating func string(_ name: String, required: Bool = false) -> String? {
            switch object[name] {
            case let value as String:
                guard value.count <= IntegrationAnswers.maxCodeLength else {
                    errors.append(FieldError(field: name, message: "is longer than \(IntegrationAnswers.maxCodeLength) characters"))
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

        mutating func code<T: RawRepresentable<String>>(_ name: String, _ type: T.Type, required: Bool = false) -> T? {
            guard let raw = string(name, required: required) else { return nil }
            guard let value = T(rawValue: raw) else {
                errors.append(FieldError(field: name, message: "unknown code \(raw)"))
                return nil
            }
            return value
        }
    }
}
