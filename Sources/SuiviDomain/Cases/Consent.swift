/// A consent as the case knows it: the scope in force (after any amendments) and whether it was
/// withdrawn. Part of ``AssistanceCase/State``.
public struct Consent: Sendable, Hashable {
    public var id: String
    public var grantedBy: Authority
    /// The scope in force: the original one, or the last amendment's.
    public var scope: ConsentScope
    public var amendments: Int
    public var withdrawn: Bool

    public init(id: String, grantedBy: Authority, scope: ConsentScope, amendments: Int = 0, withdrawn: Bool = false) {
        self.id = id
        self.grantedBy = grantedBy
        self.scope = scope
        self.amendments = amendments
        self.withdrawn = withdrawn
    }

    /// Whether this consent covers kinds and providers (and, for an activity, its dates): ``gap(kinds:providers:days:)``
    /// is nil exactly when it does.
    public func covers(kinds: [ActivityKind], providers: [Provider], days: ClosedRange<CalendarDay>?) -> Bool {
        kinds.allSatisfy(scope.activityKinds.contains) && providers.allSatisfy(scope.providers.contains)
            && (days.map { scope.covers(from: $0.lowerBound, to: $0.upperBound) } ?? true)
    }

    /// Why this consent does not cover kinds and providers (and, for an activity, its dates); nil when it does.
    public func gap(kinds: [ActivityKind], providers: [Provider], days: ClosedRange<CalendarDay>?) -> String? {
        guard !covers(kinds: kinds, providers: providers, days: days) else { return nil }
        var missing: [String] = []
        let kindsOut = kinds.filter { !scope.activityKinds.contains($0) }
        if !kindsOut.isEmpty { missing.append("activity kind \(kindsOut.map(\.rawValue).joined(separator: ", "))") }
        let providersOut = providers.filter { !scope.providers.contains($0) }
        if !providersOut.isEmpty { missing.append("provider \(providersOut.map(\.rawValue).joined(separator: ", "))") }
        if let days, !scope.covers(from: days.lowerBound, to: days.upperBound) {
            missing.append(
                "dates \(days.lowerBound)..\(days.upperBound) (valid \(scope.validFrom)..\(scope.validUntil))")
        }
        return missing.isEmpty ? nil : "consent \(id) does not cover " + missing.joined(separator: "; ")
    }
}
