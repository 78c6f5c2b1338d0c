import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage

struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "Work with surveys from the command line.",
        subcommands: [Link.self, List.self])

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a single-use personal link to a survey (as an SMS or email invitation would carry) and print it.",
            discussion: "Codes: channel sms, email, qr, kiosk, widget, web, paper, interview, phone; age band 7-12 … 85+; contact type visit, phone, remote, home_visit; call type direct, callback.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Survey code (the national survey is \(NationalSurvey.code)).") var survey: String = NationalSurvey.code
        @Option(help: "Code of the unit or service point the answer is about.") var unit: String
        @Option(help: "Language of the invitation: fi, sv or en.") var language: String = "fi"
        @Option(help: "Channel code.") var channel: String = "sms"
        @Option(help: "Age band code.") var ageBand: String?
        @Option(help: "Contact type code.") var contactType: String?
        @Option(help: "Call type code.") var callType: String?
        @Option(help: "The version the link opens: standard, easy (easy-to-read) or child (children's, with pictures).") var variant: String = "standard"
        @Option(help: "Days until the link expires.") var days: Int = 14
        @Option(help: "Base URL of the service (default: KAIKU_PUBLIC_URL or http://127.0.0.1:8080).") var baseURL: String?
        @Option(help: "How many links to make, one per line (each counts as an invitation).") var count: Int = 1

        func run() async throws {
            guard let language = Language(shipped: language) else { throw ValidationError("language must be fi, sv or en") }
            guard let channel = Channel(rawValue: channel) else { throw ValidationError("unknown channel \(channel)") }
            func code<T: RawRepresentable<String>>(_ value: String?, _ type: T.Type, _ name: String) throws -> T? {
                guard let value else { return nil }
                guard let parsed = T(rawValue: value) else { throw ValidationError("unknown \(name) \(value)") }
                return parsed
            }
            let ageBand = try code(self.ageBand, AgeBand.self, "age band")
            let contactType = try code(self.contactType, ContactType.self, "contact type")
            let callType = try code(self.callType, CallType.self, "call type")
            let variant = try code(self.variant, SurveyVariant.self, "version") ?? .standard
            try await withDatabase(options) { database, configuration in
                do {
                    let links = try await useCases(database, configuration).personalLinks.make(
                        surveyCode: survey, unitCode: unit, channel: channel, language: language,
                        background: .init(ageBand: ageBand, contactType: contactType, callType: callType, variant: variant), days: days, count: count,
                        baseURL: baseURL ?? configuration.resolvedPublicURL, by: .commandLine)
                    print(links.joined(separator: "\n"))
                } catch let refused as Refused {
                    throw ValidationError(refused.texts(try Catalog.bundled(), .en).joined(separator: " "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List surveys with their status and response counts.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withDatabase(options) { database, _ in
                let surveys = SurveyRepository(database.sql)
                for survey in try await surveys.all() {
                    print("\(survey.code)\t\(survey.status.rawValue)\t\(try await surveys.responseCount(surveyID: survey.id))\t\(survey.name.fi)")
                }
            }
        }
    }
}
