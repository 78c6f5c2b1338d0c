import Foundation

/// A service area (palvelukokonaisuus) the customer picks first, e.g. "Ikäihmisten palvelut",
/// with a help text listing what belongs to it and the organisation nodes it maps to.
public struct ServiceArea: Sendable, Equatable, Identifiable {
    public let id: String
    public var code: String
    public var name: LocalizedText
    public var help: LocalizedText
    /// Days of the service promise for this area; nil uses the county's.
    public var promiseDays: Int?
    public var sortOrder: Int
    public var isActive: Bool
    public var nodeIDs: [String]
    /// Of `nodeIDs`, those the form offers as one entry instead of each unit under them.
    public var groupedNodeIDs: [String]

    public init(id: String, code: String, name: LocalizedText, help: LocalizedText, promiseDays: Int?,
                sortOrder: Int, isActive: Bool, nodeIDs: [String], groupedNodeIDs: [String] = []) {
        self.id = id
        self.code = code
        self.name = name
        self.help = help
        self.promiseDays = promiseDays
        self.sortOrder = sortOrder
        self.isActive = isActive
        self.nodeIDs = nodeIDs
        self.groupedNodeIDs = groupedNodeIDs
    }
}
