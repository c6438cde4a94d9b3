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

/// Where an assistance case stands.
public enum CaseStatus: String, Sendable, Hashable, CaseIterable {
    case requested
    case active
    case suspended
    case declined
    case closed
}
