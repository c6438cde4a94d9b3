/// The report is submitted to the Council under a document symbol. Every consultation it draws on must
/// have been held, unless a waiver for it was recorded (``WaiveConsultation``).
public struct SubmitReport: MessageData {
    /// The document symbol, such as `A/HRC/47/20`.
    public var documentSymbol: String
    /// The ids (subjects) of the regional consultations the report draws on.
    public var drawsOn: [String]

    public init(documentSymbol: String, drawsOn: [String]) {
        self.documentSymbol = documentSymbol
        self.drawsOn = drawsOn
    }

    public static func read(_ reader: inout ObjectReader) -> SubmitReport? {
        let symbol = reader.string("documentSymbol", maxLength: 40, pattern: .documentSymbol)
        let drawsOn = reader.strings(
            "drawsOn", minItems: 1, maxItems: 50, unique: true, maxLength: 128, pattern: .identifier)
        guard let symbol, let drawsOn else { return nil }
        return SubmitReport(documentSymbol: symbol, drawsOn: drawsOn)
    }

    public var json: JSON { ["documentSymbol": .string(documentSymbol), "drawsOn": .array(drawsOn.map(JSON.string))] }
}
