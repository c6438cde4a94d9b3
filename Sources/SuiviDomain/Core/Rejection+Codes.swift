extension Rejection.Code {
    // MARK: Any stream

    /// The subject is a stream of another aggregate kind.
    public static let streamTypeMismatch = Self(rawValue: "stream.type-mismatch")
    /// The command id was already used for a different message.
    public static let duplicateConflict = Self(rawValue: "command.id-conflict")

    // MARK: AssistanceCase

    /// A request was made on a subject that already holds a case.
    public static let caseAlreadyExists = Self(rawValue: "case.already-exists")
    /// The case was never requested.
    public static let unknownCase = Self(rawValue: "case.unknown")
    /// The case is closed: nothing more can be recorded in it.
    public static let caseClosed = Self(rawValue: "case.closed")
    /// The assistance was declined: the case can only be closed.
    public static let caseDeclined = Self(rawValue: "case.declined")
    /// A decline after the assistance was approved.
    public static let caseAlreadyApproved = Self(rawValue: "case.already-approved")

    // MARK: Consent given, amended, withdrawn

    /// Consent (or its amendment or withdrawal) not sent by an authority of the State, or on its behalf.
    public static let consentNotStateAuthority = Self(rawValue: "consent.not-state-authority")
    /// The authority named belongs to another State than the case's.
    public static let consentWrongState = Self(rawValue: "consent.wrong-state")
    /// A consent with this id already exists in the case.
    public static let consentAlreadyExists = Self(rawValue: "consent.already-exists")
    /// The validity period ends before it starts.
    public static let consentInvalidPeriod = Self(rawValue: "consent.invalid-period")
    /// The consent named does not exist in the case.
    public static let consentUnknown = Self(rawValue: "consent.unknown")
    /// The consent named was already withdrawn.
    public static let consentAlreadyWithdrawn = Self(rawValue: "consent.already-withdrawn")

    // MARK: Consent relied upon by a decision or an activity

    /// The State has not consented in this case.
    public static let consentMissing = Self(rawValue: "consent.missing")
    /// The consent relied on (or every consent) was withdrawn.
    public static let consentWithdrawn = Self(rawValue: "consent.withdrawn")
    /// No consent is valid at the command's time: it has expired or is not yet valid.
    public static let consentNotValidAtTime = Self(rawValue: "consent.not-valid-at-time")
    /// No consent's scope covers the activity kind, the provider or the period.
    public static let consentScopeNotCovered = Self(rawValue: "consent.scope-not-covered")

    // MARK: Activities

    /// The activity's kind and provider are not covered by an approval in force.
    public static let activityNotApproved = Self(rawValue: "activity.not-approved")
    /// An activity with this id was already recorded in the case.
    public static let activityAlreadyRecorded = Self(rawValue: "activity.already-recorded")
    /// The activity ends before it starts.
    public static let activityInvalidPeriod = Self(rawValue: "activity.invalid-period")
    /// The activity to correct was never recorded in the case.
    public static let activityUnknownCorrection = Self(rawValue: "activity.unknown-correction")

    // MARK: RegionalConsultation

    /// A consultation was scheduled on a subject that already holds one.
    public static let consultationAlreadyExists = Self(rawValue: "consultation.already-exists")
    /// The consultation was never scheduled.
    public static let consultationUnknown = Self(rawValue: "consultation.unknown")
    /// The region is not in the configured reference data.
    public static let consultationUnknownRegion = Self(rawValue: "consultation.unknown-region")
    /// The consultation was cancelled.
    public static let consultationCancelled = Self(rawValue: "consultation.cancelled")
    /// The consultation was already held.
    public static let consultationAlreadyHeld = Self(rawValue: "consultation.already-held")
    /// The consultation has not been held yet.
    public static let consultationNotHeld = Self(rawValue: "consultation.not-held")
    /// The consultation's summary was already published.
    public static let consultationSummaryAlreadyPublished = Self(rawValue: "consultation.summary-already-published")

    // MARK: MandatedReport

    /// A report was mandated on a subject that already holds one.
    public static let reportAlreadyExists = Self(rawValue: "report.already-exists")
    /// The report was never mandated.
    public static let reportUnknown = Self(rawValue: "report.unknown")
    /// The report is not at the stage this command needs (drafting before submitting, and so on).
    public static let reportInvalidTransition = Self(rawValue: "report.invalid-transition")
    /// A consultation the report names is not a scheduled regional consultation.
    public static let reportConsultationUnknown = Self(rawValue: "report.consultation-unknown")
    /// A consultation the report draws on was not held, and no waiver covers it.
    public static let reportConsultationNotHeld = Self(rawValue: "report.consultation-not-held")
    /// The report is presented at another session than the one it is due at.
    public static let reportWrongSession = Self(rawValue: "report.wrong-session")
    /// A deferral to a session that is not later than the current due session.
    public static let reportDeferralNotLater = Self(rawValue: "report.deferral-not-later")
    /// The consultation was already waived for this report.
    public static let reportWaiverExists = Self(rawValue: "report.waiver-exists")

    // MARK: Messages that never became commands

    /// The message could not become a command (an `invalid` outcome): its violations say why; it was
    /// dead-lettered, and its id stays free for a corrected message.
    public static let messageInvalid = Self(rawValue: "message.invalid")

    /// Every code a decider or the command processor can give, in documentation order.
    public static let catalogue: [Self] = [
        .streamTypeMismatch, .duplicateConflict,
        .caseAlreadyExists, .unknownCase, .caseClosed, .caseDeclined, .caseAlreadyApproved,
        .consentNotStateAuthority, .consentWrongState, .consentAlreadyExists, .consentInvalidPeriod, .consentUnknown,
        .consentAlreadyWithdrawn, .consentMissing, .consentWithdrawn, .consentNotValidAtTime, .consentScopeNotCovered,
        .activityNotApproved, .activityAlreadyRecorded, .activityInvalidPeriod, .activityUnknownCorrection,
        .consultationAlreadyExists, .consultationUnknown, .consultationUnknownRegion, .consultationCancelled,
        .consultationAlreadyHeld, .consultationNotHeld, .consultationSummaryAlreadyPublished,
        .reportAlreadyExists, .reportUnknown, .reportInvalidTransition, .reportConsultationUnknown,
        .reportConsultationNotHeld, .reportWrongSession, .reportDeferralNotLater, .reportWaiverExists,
        .messageInvalid,
    ]
}
