/// The event recorded when a request for assistance is accepted.
public struct AssistanceRequested: Sendable, Hashable {
    public var request: RequestAssistance

    public init(request: RequestAssistance) { self.request = request }

    public var json: JSON {
        var members: [String: JSON] = [
            "state": .string(request.state),
            "provider": .string(request.provider.rawValue),
            "purpose": .string(request.purpose.rawValue),
            "capacities": .array(request.capacities.map { .string($0.rawValue) }),
        ]
        if let value = request.providerOffice { members["providerOffice"] = .string(value) }
        if let value = request.trackingTool { members["trackingTool"] = .string(value) }
        if let value = request.requestReference { members["requestReference"] = .string(value) }
        if let value = request.description { members["description"] = .string(value) }
        return .object(members)
    }

    static func decode(_ json: JSON) -> Result<AssistanceRequested, DecodingFailure> {
        RequestAssistance.decode(json, path: "$.data").map(AssistanceRequested.init(request:))
    }
}
