/// The event recorded when a request for assistance is accepted.
public struct AssistanceRequested: MessageData {
    public var request: RequestAssistance

    public init(request: RequestAssistance) { self.request = request }

    public static func read(_ reader: inout ObjectReader) -> AssistanceRequested? {
        RequestAssistance.read(&reader).map(AssistanceRequested.init(request:))
    }

    public var json: JSON { request.json }
}
