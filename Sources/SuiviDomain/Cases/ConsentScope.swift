/// What a consent allows: which kinds of activity, by which providers, during which period.
public struct ConsentScope: MessageData {
    public var activityKinds: [ActivityKind]
    public var providers: [Provider]
    public var validFrom: ValidityBound
    public var validUntil: ValidityBound

    public init(
        activityKinds: [ActivityKind], providers: [Provider], validFrom: ValidityBound, validUntil: ValidityBound
    ) {
        self.activityKinds = activityKinds
        self.providers = providers
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    public static func read(_ reader: inout ObjectReader) -> ConsentScope? {
        let kinds = reader.enumerationSet("activityKinds", ActivityKind.self)
        let providers = reader.enumerationSet("providers", Provider.self)
        let from = reader.bound("validFrom")
        let until = reader.bound("validUntil")
        guard let kinds, let providers, let from, let until else { return nil }
        return ConsentScope(activityKinds: kinds, providers: providers, validFrom: from, validUntil: until)
    }

    public var json: JSON {
        [
            "activityKinds": .array(activityKinds.map { .string($0.rawValue) }),
            "providers": .array(providers.map { .string($0.rawValue) }),
            "validFrom": .string(validFrom.description),
            "validUntil": .string(validUntil.description),
        ]
    }

    /// True when the period ends no earlier than it starts.
    public var hasValidPeriod: Bool { validFrom.opening <= validUntil.closing }

    /// True when `time` falls within the validity period.
    public func isValid(at time: Timestamp) -> Bool { validFrom.opening <= time && time <= validUntil.closing }

    /// True when every day from `first` to `last` falls within the validity period.
    public func covers(from first: CalendarDay, to last: CalendarDay) -> Bool {
        validFrom.calendarDay <= first && last <= validUntil.calendarDay
    }
}
