/// The document that carries a consent, an amendment or a withdrawal, such as a note verbale.
public struct ConsentInstrument: MessageData {
    public var kind: InstrumentKind
    /// The document's reference, such as "NV/MAEIA/2026/0143".
    public var reference: String
    /// The date the document bears.
    public var dated: CalendarDay

    public init(kind: InstrumentKind, reference: String, dated: CalendarDay) {
        self.kind = kind
        self.reference = reference
        self.dated = dated
    }

    public static func read(_ reader: inout ObjectReader) -> ConsentInstrument? {
        let kind = reader.enumeration("kind", InstrumentKind.self)
        let reference = reader.string("reference", maxLength: 200)
        let dated = reader.day("dated")
        guard let kind, let reference, let dated else { return nil }
        return ConsentInstrument(kind: kind, reference: reference, dated: dated)
    }

    public var json: JSON {
        ["kind": .string(kind.rawValue), "reference": .string(reference), "dated": .string(dated.description)]
    }
}
