/// Who delivers the assistance.
public enum Provider: String, Sendable, Hashable, CaseIterable {
    case ohchrHeadquarters = "ohchr-headquarters"
    case ohchrFieldPresence = "ohchr-field-presence"
    case undpResidentCoordinator = "undp-resident-coordinator"
    case undpCountryTeam = "undp-country-team"
}

/// Whether the State asks to set up a national mechanism or to strengthen an existing one.
public enum AssistancePurpose: String, Sendable, Hashable, CaseIterable {
    case establish
    case strengthen
}

/// The four capacities of a national mechanism for implementation, reporting and follow-up.
public enum Capacity: String, Sendable, Hashable, CaseIterable {
    /// Engagement with the UN mechanisms: treaty bodies, the UPR, special procedures.
    case engagement
    /// Coordination across ministries and State bodies.
    case coordination
    /// Consultation with the national human rights institution, civil society and academia.
    case consultation
    /// Information management: tracking recommendations and their implementation.
    case informationManagement = "information-management"
}

/// What kind of assistance an activity delivers; consent scopes and approvals list these.
public enum ActivityKind: String, Sendable, Hashable, CaseIterable {
    case needsAssessment = "needs-assessment"
    case advisoryMission = "advisory-mission"
    case training
    case toolDeployment = "tool-deployment"
    case peerExchange = "peer-exchange"
    case draftingSupport = "drafting-support"
}

/// The document by which a State expresses or changes its consent.
public enum InstrumentKind: String, Sendable, Hashable, CaseIterable {
    case noteVerbale = "note-verbale"
    case letter
    case memorandumOfUnderstanding = "memorandum-of-understanding"
    case agreement
    case minutes
}

/// Who took part in a national consultation besides the State's own bodies.
public enum Stakeholder: String, Sendable, Hashable, CaseIterable {
    case nhri
    case civilSociety = "civil-society"
    case academia
    case parliament
    case judiciary
    case unEntities = "un-entities"
}

/// How a meeting took place.
public enum Modality: String, Sendable, Hashable, CaseIterable {
    case inPerson = "in-person"
    case virtual
    case hybrid

    /// True when the meeting has a physical venue.
    public var needsVenue: Bool { self != .virtual }
}

/// Where an assistance case stands.
///
/// `requested` (consent pending) -> `consented` -> `active` (approved); `suspended` when every consent
/// was withdrawn; `declined`; `closed`. Expiry is judged at each command's time and does not change it.
public enum CaseStatus: String, Sendable, Hashable, CaseIterable {
    case requested
    case consented
    case active
    case suspended
    case declined
    case closed
}
