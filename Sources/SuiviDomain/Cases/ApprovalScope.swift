/// What one approval in force allows: activity kinds by providers. Part of ``AssistanceCase/State``.
public struct ApprovalScope: Sendable, Hashable {
    public var activityKinds: [ActivityKind]
    public var providers: [Provider]
    /// The consent the approval relied on.
    public var consentID: String

    public init(activityKinds: [ActivityKind], providers: [Provider], consentID: String) {
        self.activityKinds = activityKinds
        self.providers = providers
        self.consentID = consentID
    }

    /// True when this approval allows `kind` delivered by `provider`.
    public func covers(_ kind: ActivityKind, by provider: Provider) -> Bool {
        activityKinds.contains(kind) && providers.contains(provider)
    }
}
