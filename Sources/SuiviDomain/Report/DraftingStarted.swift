/// The event recorded when drafting of the report starts.
public struct DraftingStarted: MessageData {
    public var drafting: StartDrafting

    public init(drafting: StartDrafting) { self.drafting = drafting }

    public static func read(_ reader: inout ObjectReader) -> DraftingStarted? {
        StartDrafting.read(&reader).map(DraftingStarted.init(drafting:))
    }

    public var json: JSON { drafting.json }
}
