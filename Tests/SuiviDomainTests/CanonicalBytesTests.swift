import Testing

@testable import SuiviDomain

/// The fast writers of the hot path against the general ones they replace: a fingerprint or a hash that
/// changed by one byte would break every stored outcome and the audit chain.
@Suite struct CanonicalBytesTests {
    static let envelopes: [CommandEnvelope] = {
        var list = [
            Fixtures.command(Fixtures.request()).envelope,
            Fixtures.command(Fixtures.activity(), time: "2026-03-01T09:30:00.250+01:00", onBehalfOf: "Mme \"A\" Mensah")
                .envelope,
            Fixtures.command(Fixtures.withdraw(), actor: "tab\tand\\backslash and \u{1} é ü 日本").envelope,
        ]
        var withSchema = list[1]
        withSchema.dataSchema = "https://suivi.invalid/schemas/v1/commands/RecordActivity.schema.json"
        list.append(withSchema)
        var early = list[0]
        early.time = Timestamp(microseconds: -2_208_988_800_000_001)
        list.append(early)
        return list
    }()

    @Test(arguments: envelopes)
    func envelopeBytesAreTheCanonicalJSON(envelope: CommandEnvelope) {
        #expect(envelope.canonicalBytes == envelope.json.canonicalBytes)
        let command = Command(envelope: envelope, payload: Fixtures.request())
        #expect(command.canonicalBytes == envelope.json.canonicalBytes)
    }

    /// A message whose `data` is already canonical lends its bytes to the fingerprint; one whose `data` is
    /// written otherwise (spaces, members out of order, escapes a canonical writer spells otherwise) does
    /// not: both must give the fingerprint that the general writer gives.
    @Test(arguments: [
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T é 日本"}"#, true),
        (#"{"activityId":"act-1","capacities":["coordination"],"endDate":"2026-03-06","kind":"training","participants":2.0E1,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T"}"#, true),
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T é \"q\""}"#, false),
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T \u00e9 \/"}"#, false),
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T\n"}"#, false),
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T\u000a"}"#, false),
        (#"{ "activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T"}"#, false),
        (#"{"activityId":"act-1","endDate":"2026-03-06","kind":"training","participants":20,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T","capacities":["coordination"]}"#, false),
        (#"{"activityId":"act-1","capacities":[ "coordination"],"endDate":"2026-03-06","kind":"training","participants":2.0E1,"provider":"ohchr-field-presence","startDate":"2026-03-02","title":"T"}"#, false),
    ])
    func decodedFingerprintBytesAreTheCanonicalJSON(data: String, canonical: Bool) throws {
        for separator in ["", " "] {
            let text = #"{"actor":"k.agbeko","actorrole":"ohchr-officer","data":"# + separator + data + separator
                + #","id":"cmd-1","source":"urn:test","specversion":"1.0","subject":"case-TGO-1","time":"2026-03-01T09:30:00Z","type":"suivi.command.RecordActivity"}"#
            let command = try CommandDecoder.decode(Array(text.utf8)).get()
            #expect(command.canonicalBytes == command.envelope.json.canonicalBytes, "\(text)")
            // Only canonical text is kept, and it is the data's canonical bytes.
            #expect((command.envelope.dataBytes.bytes != nil) == canonical, "\(text)")
            if let kept = command.envelope.dataBytes.bytes { #expect(kept == command.envelope.data.canonicalBytes) }
            var changed = command.envelope
            changed.data = ["activityId": "act-2"]
            #expect(changed.dataBytes.bytes == nil)
            #expect(changed.canonicalBytes == changed.json.canonicalBytes, "the bytes are forgotten when data changes")
        }
    }

    static let activities: [RecordActivity] = [
        RecordActivity(
            activityID: "act-1", kind: .training, title: "Training of focal points",
            startDate: CalendarDay(iso: "2026-03-02")!, endDate: CalendarDay(iso: "2026-03-06")!,
            provider: .ohchrFieldPresence, participants: 0),
        RecordActivity(
            activityID: "act-2", kind: .needsAssessment, title: "Atelier \"CIRR\"\tà Lomé\u{1} 日本",
            startDate: CalendarDay(iso: "1999-12-31")!, endDate: CalendarDay(iso: "2026-01-01")!,
            provider: .undpCountryTeam, providerOffice: "UNDP \\ Togo", participants: 100_000,
            capacities: [.coordination, .informationManagement], corrects: "act-1", consentID: "consent-1",
            description: "line\nbreak"),
        RecordActivity(
            activityID: "act-3", kind: .training, title: "t", startDate: CalendarDay(iso: "2026-03-02")!,
            endDate: CalendarDay(iso: "2026-03-02")!, provider: .ohchrFieldPresence, participants: 7, capacities: []),
    ]

    @Test(arguments: activities)
    func activityBytesAreTheCanonicalJSON(activity: RecordActivity) {
        var written: [UInt8] = []
        activity.writeJSON(into: &written)
        #expect(written == activity.json.canonicalBytes)
        let event = DomainEvent.activityRecorded(ActivityRecorded(activity: activity, consentID: "consent-9"))
        #expect(event.dataBytes == event.data.canonicalBytes)
    }

    /// The formatter as it was written with string padding, kept here as the reference.
    static func reference(_ stamp: Timestamp) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var seconds = stamp.microseconds / 1_000_000
        var micros = stamp.microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = CalendarDay(daysSinceEpoch: Int(days)).description.split(separator: "-")
            .map { Int($0)! }.triple
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(Int(secondOfDay / 3600), 2) + ":" + pad(Int(secondOfDay % 3600 / 60), 2) + ":"
        text += pad(Int(secondOfDay % 60), 2)
        if micros != 0 {
            var fraction = pad(Int(micros), 6)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    @Test func timestampTextIsUnchanged() {
        var micros: Int64 = -62_135_596_800_000_000  // 0001-01-01
        var checked = 0
        while micros < 253_402_300_799_000_000 {  // 9999-12-31T23:59:59Z
            let stamp = Timestamp(microseconds: micros)
            #expect(stamp.rfc3339 == Self.reference(stamp))
            var bytes: [UInt8] = []
            stamp.writeRFC3339(into: &bytes)
            #expect(bytes == Array(stamp.rfc3339.utf8))
            micros += 7_777_777_777_777 + Int64(checked % 1_000_000)
            checked += 1
        }
        #expect(checked > 30_000)
        for fraction: Int64 in [1, 10, 100_000, 120_000, 999_999, 500_000] {
            let stamp = Timestamp(microseconds: 1_767_225_600_000_000 + fraction)
            #expect(stamp.rfc3339 == Self.reference(stamp))
        }
    }

    /// The writer looks for bytes to escape eight at a time: every such byte, at every place in the first
    /// words and the tail, is still escaped (and nothing else is).
    @Test func everyByteToEscapeIsEscapedWhereverItIs() throws {
        for special: UInt8 in [0x00, 0x01, 0x0A, 0x1F, 0x22, 0x5C] {
            for place in 0..<19 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 19)
                bytes[place] = special
                let text = String(decoding: bytes, as: UTF8.self)
                var out: [UInt8] = []
                JSON.writeString(text, into: &out)
                #expect(out.count > bytes.count + 2, "byte \(special) at \(place) was not escaped")
                #expect(try JSONParser.parse(out) == .string(text))
            }
        }
        let plain = ["", "a", "plain ASCII text of some length", "é ü 日本 and more than eight bytes", "~\u{7F}!#[]"]
        for text in plain {
            var out: [UInt8] = []
            JSON.writeString(text, into: &out)
            #expect(out == [0x22] + Array(text.utf8) + [0x22])
        }
    }

    @Test func nulInAnEscapeIsFoundInNamesAndValues() {
        for text in [
            #"{"specversion":"1.0","id":"a","actor":"x\u0000y"}"#, #"{"id":"a","data":{"k\u0000":1}}"#,
            #"{"id":"a","data":["ok","\u0000"]}"#,
        ] {
            #expect(CommandDecoder.decode(Array(text.utf8)).failure?.code == .nul, "\(text)")
        }
        #expect(CommandDecoder.decode(Array(#"{"id":"\u0041"}"#.utf8)).failure?.code != .nul)
    }
}

extension Array where Element == Int {
    fileprivate var triple: (Int, Int, Int) { (self[0], self[1], self[2]) }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
