/// The event recorded when the provider declines a request.
public struct AssistanceDeclined: MessageData {
    public var decision: DecideAssistance

    public init(decision: DecideAssistance) { self.decision = decision }

    public static func read(_ reader: inout ObjectReader) -> AssistanceDeclined? {
        DecideAssistance.read(&reader).map(AssistanceDeclined.init(decision:))
    }

    public var json: JSON { decision.json }
}
