/// The event recorded when a case is closed.
public struct CaseClosed: MessageData {
    public var closure: CloseCase

    public init(closure: CloseCase) { self.closure = closure }

    public static func read(_ reader: inout ObjectReader) -> CaseClosed? {
        CloseCase.read(&reader).map(CaseClosed.init(closure:))
    }

    public var json: JSON { closure.json }
}
