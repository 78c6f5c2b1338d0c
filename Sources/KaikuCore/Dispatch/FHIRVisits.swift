import Foundation

/// Visits from an HL7 FHIR R4 Bundle of Encounter and Patient resources, as patient systems
/// send them to `POST /api/v1/visits`. Each Encounter becomes the record a visits file row would
/// be, and is checked by the same rules (`VisitFile.read(records:)`), its number in the bundle
/// standing for the line. docs/VISITS.md lists the mapping.
public enum FHIRVisits {
    /// Extensions for what FHIR has no element for (Finnish national profiles differ per system).
    public static let extensionBase = "https://kaiku.fi/fhir/StructureDefinition/"

    struct Bundle: Decodable {
        let resourceType: String
        let entry: [Entry]?
    }

    struct Entry: Decodable {
        let fullUrl: String?
        let resource: Resource?
    }

    struct Coding: Decodable { let system: String?; let code: String? }
    struct CodeableConcept: Decodable { let coding: [Coding]? }
    struct Identifier: Decodable { let system: String?; let value: String? }
    struct Reference: Decodable { let reference: String?; let identifier: Identifier? }
    struct Period: Decodable { let start: String?; let end: String? }
    struct ContactPoint: Decodable { let system: String?; let value: String?; let use: String? }
    struct Communication: Decodable { let language: CodeableConcept?; let preferred: Bool? }
    struct Meta: Decodable { let security: [Coding]? }
    struct LocationEntry: Decodable { let location: Reference? }
    struct Extension: Decodable {
        let url: String
        let valueBoolean: Bool?
        let valueCode: String?
    }

    struct Resource: Decodable {
        let resourceType: String
        let id: String?
        let meta: Meta?
        let `extension`: [Extension]?
        // Patient
        let birthDate: String?
        let telecom: [ContactPoint]?
        let communication: [Communication]?
        // Encounter
        let identifier: [Identifier]?
        let status: String?
        let `class`: Coding?
        let subject: Reference?
        let period: Period?
        let serviceProvider: Reference?
        let location: [LocationEntry]?

        func flag(_ name: String) -> Bool? {
            `extension`?.first { $0.url == FHIRVisits.extensionBase + name }?.valueBoolean
        }
        func code(_ name: String) -> String? {
            `extension`?.first { $0.url == FHIRVisits.extensionBase + name }?.valueCode
        }
    }

    public enum Failure: Error, Equatable {
        case notABundle
    }

    /// Whether a JSON body is a FHIR resource (it names its `resourceType`), not a list of records.
    public static func isFHIR(_ data: Data) -> Bool {
        struct Probe: Decodable { let resourceType: String }
        return (try? JSONDecoder().decode(Probe.self, from: data)) != nil
    }

    public static func read(_ data: Data) throws -> VisitFile.Result {
        guard let bundle = try? JSONDecoder().decode(Bundle.self, from: data), bundle.resourceType == "Bundle" else { throw Failure.notABundle }
        let entries = bundle.entry ?? []
        var patients: [String: Resource] = [:]
        for entry in entries {
            guard let resource = entry.resource, resource.resourceType == "Patient", let id = resource.id else { continue }
            patients["Patient/\(id)"] = resource
            if let url = entry.fullUrl { patients[url] = resource }
        }
        var records: [[String: VisitFile.Value]] = []
        var numbers: [Int] = []
        var problems: [VisitFile.Problem] = []
        for (index, entry) in entries.enumerated() {
            guard let encounter = entry.resource, encounter.resourceType == "Encounter" else { continue }
            // Cancelled or planned encounters are not visits anybody had.
            if let status = encounter.status, !["finished", "in-progress", "arrived", "triaged", "onleave"].contains(status) { continue }
            let patient = encounter.subject?.reference.flatMap { patients[$0] }
            if patient == nil {
                problems.append(VisitFile.Problem(line: index + 1, field: "Encounter.subject", message: "does not refer to a Patient in the bundle"))
                continue
            }
            records.append(record(encounter, patient!))
            numbers.append(index + 1)
        }
        var result = VisitFile.read(records: records)
        // Records were numbered from 1 in the order read; give back the entry numbers.
        result.lines = result.lines.map { numbers[$0 - 1] }
        result.problems = problems + result.problems.map { VisitFile.Problem(line: numbers[$0.line - 1], field: $0.field, message: $0.message) }
        return result
    }

    static func record(_ encounter: Resource, _ patient: Resource) -> [String: VisitFile.Value] {
        func text(_ value: String?) -> VisitFile.Value { value.map { .text($0) } ?? .null }
        let phones = (patient.telecom ?? []).filter { $0.system == "phone" && $0.use != "old" }.compactMap(\.value)
        let communication = patient.communication?.first { $0.preferred == true } ?? patient.communication?.first
        let language = communication?.language?.coding?.compactMap(\.code).first.map { String($0.prefix { $0 != "-" }).lowercased() }
        let servicePoint = encounter.serviceProvider?.identifier?.value
            ?? encounter.location?.lazy.compactMap { $0.location?.identifier?.value }.first
            ?? encounter.serviceProvider?.reference.map { String($0.split(separator: "/").last ?? "") }
        // Restricted or very restricted (HL7 v3 Confidentiality R, V): treated as turvakielto.
        let restricted = patient.meta?.security?.contains { ["R", "V"].contains($0.code ?? "") } ?? false
        return [
            "visit_id": text(encounter.identifier?.first?.value ?? encounter.id),
            "person_ref": text(patient.id),
            "phone": .list(phones),
            "birth_date": text(patient.birthDate),
            "language": text(language),
            "service_point_code": text(servicePoint),
            "contact_type": text(encounter.code("contact-type") ?? contactType(encounter.class?.code)),
            "call_type": text(encounter.code("call-type")),
            "visit_start": text(encounter.period?.start),
            "visit_end": text(encounter.period?.end),
            "e_service_consent": .flag(patient.flag("e-service-consent") ?? false),
            "non_disclosure": .flag(restricted || (patient.flag("non-disclosure") ?? false)),
            "sms_opt_out": .flag(patient.flag("sms-opt-out") ?? false),
        ]
    }

    /// HL7 v3 ActCode encounter classes: home health → home visit, virtual → remote, the rest a visit.
    static func contactType(_ code: String?) -> String? {
        switch code {
        case nil: nil
        case "HH": ContactType.homeVisit.rawValue
        case "VR": ContactType.remote.rawValue
        case "PHONE", "phone": ContactType.phone.rawValue
        default: ContactType.visit.rawValue
        }
    }
}
