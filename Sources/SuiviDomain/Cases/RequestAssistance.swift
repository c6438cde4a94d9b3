/// A State asks for technical assistance to establish or strengthen its national mechanism.
/// A request is not consent: nothing can be delivered until consent is given.
public struct RequestAssistance: MessageData {
    /// ISO 3166-1 alpha-3 code of the requesting State.
    public var state: String
    public var provider: Provider
    /// The office of the provider, e.g. "OHCHR Regional Office for West Africa".
    public var providerOffice: String?
    public var purpose: AssistancePurpose
    public var capacities: [Capacity]
    /// A national tracking tool in use or wanted (IMPACT OSS, NRTD, SIMORE...).
    public var trackingTool: String?
    /// The reference of the request, such as a note verbale number.
    public var requestReference: String?
    public var description: String?

    public init(
        state: String, provider: Provider, providerOffice: String? = nil, purpose: AssistancePurpose,
        capacities: [Capacity], trackingTool: String? = nil, requestReference: String? = nil, description: String? = nil
    ) {
        self.state = state
        self.provider = provider
        self.providerOffice = providerOffice
        self.purpose = purpose
        self.capacities = capacities
        self.trackingTool = trackingTool
        self.requestReference = requestReference
        self.description = description
    }

    public static func read(_ reader: inout ObjectReader) -> RequestAssistance? {
        let state = reader.string("state", maxLength: 3, pattern: .alpha3)
        let provider = reader.enumeration("provider", Provider.self)
        let office = reader.string("providerOffice", required: false, maxLength: 200)
        let purpose = reader.enumeration("purpose", AssistancePurpose.self)
        let capacities = reader.enumerationSet("capacities", Capacity.self)
        let tool = reader.string("trackingTool", required: false, maxLength: 100)
        let reference = reader.string("requestReference", required: false, maxLength: 200)
        let description = reader.string("description", required: false, maxLength: 2000)
        guard let state, let provider, let purpose, let capacities else { return nil }
        return RequestAssistance(
            state: state, provider: provider, providerOffice: office, purpose: purpose, capacities: capacities,
            trackingTool: tool, requestReference: reference, description: description)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "state": .string(state),
            "provider": .string(provider.rawValue),
            "purpose": .string(purpose.rawValue),
            "capacities": .array(capacities.map { .string($0.rawValue) }),
        ]
        members["providerOffice"] = providerOffice.map(JSON.string)
        members["trackingTool"] = trackingTool.map(JSON.string)
        members["requestReference"] = requestReference.map(JSON.string)
        members["description"] = description.map(JSON.string)
        return .object(members)
    }
}
