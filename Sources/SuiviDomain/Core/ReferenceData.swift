/// Lists that the mandate leaves to configuration rather than to the message contract: changing them
/// needs no new schema, so the schemas check only their shape and the deciders check membership.
public struct ReferenceData: Sendable, Hashable {
    /// A region in which a regional consultation can be held.
    public struct Region: Sendable, Hashable {
        /// The code used in messages, such as `asia-pacific-states`.
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// Regions accepted for regional consultations.
    public var regions: [Region]

    public init(regions: [Region]) { self.regions = regions }

    /// The five regional groups of United Nations Member States.
    public static let standard = ReferenceData(regions: [
        Region(code: "african-states", name: "African States"),
        Region(code: "asia-pacific-states", name: "Asia-Pacific States"),
        Region(code: "eastern-european-states", name: "Eastern European States"),
        Region(code: "latin-american-and-caribbean-states", name: "Latin American and Caribbean States"),
        Region(code: "western-european-and-other-states", name: "Western European and other States"),
    ])

    /// The region with this code, if configured.
    public func region(_ code: String) -> Region? { regions.first { $0.code == code } }
}
