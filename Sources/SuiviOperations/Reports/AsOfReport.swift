internal import SuiviDomain
public import SuiviStore

/// What `suivi audit as-of` prints: the case folded from the events recorded by a moment.
public enum AsOfReport {
    public static func json(_ asOf: CaseAsOf) -> String { asOf.json.prettyText() }

    public static func text(_ asOf: CaseAsOf) -> String {
        let folded = asOf.state.assistanceCase
        var lines = [
            "case \(asOf.caseID) as \(asOf.basis == .recorded ? "recorded" : "things occurred") by \(asOf.asOf.rfc3339): \(asOf.events.count) event\(asOf.events.count == 1 ? "" : "s") (version \(asOf.state.version))"
        ]
        guard asOf.existed else { return lines[0] + "\nnot yet requested" }
        lines.append("State         \(folded.state)")
        lines.append("Provider      \(folded.provider?.rawValue ?? "-")")
        lines.append("Status        \(folded.status.rawValue)")
        let consents = folded.consentOrder.compactMap { folded.consents[$0] }
        lines.append(consents.isEmpty ? "Consents      none" : "Consents")
        for consent in consents {
            let standing =
                consent.withdrawn ? "withdrawn" : consent.scope.isValid(at: asOf.asOf) ? "valid" : "not valid then"
            lines.append(
                "  \(consent.id)  \(standing)  \(consent.scope.validFrom)..\(consent.scope.validUntil)  kinds \(consent.scope.activityKinds.map(\.rawValue).joined(separator: ","))  providers \(consent.scope.providers.map(\.rawValue).joined(separator: ","))  by \(consent.grantedBy.name)"
            )
        }
        lines.append(folded.approvals.isEmpty ? "Approvals     none" : "Approvals")
        for approval in folded.approvals {
            lines.append(
                "  \(approval.activityKinds.map(\.rawValue).joined(separator: ",")) by \(approval.providers.map(\.rawValue).joined(separator: ","))  relying on \(approval.consentID)"
            )
        }
        let activities = asOf.activities
        lines.append(activities.isEmpty ? "Activities    none" : "Activities")
        for activity in activities {
            lines.append(
                "  \(activity.activityID)  \(activity.kind.rawValue)  \(activity.startDate)..\(activity.endDate)  \(activity.title)"
                    + (activity.corrects.map { "  (corrects \($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// A regional consultation or the report at a past moment.
    public static func text(_ asOf: StreamAsOf) -> String {
        let json = asOf.json
        var lines = [
            "\(asOf.kind?.rawValue ?? "stream") \(asOf.streamID) as \(asOf.basis == .recorded ? "recorded" : "things occurred") by \(asOf.asOf.rfc3339): \(asOf.events.count) event\(asOf.events.count == 1 ? "" : "s")"
        ]
        for key in ["status", "region", "heldOn", "resolution", "dueSession", "sessionHistory", "waivers"] {
            guard let value = json[key], value != .null else { continue }
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let number): text = number
            default: text = value.canonicalText
            }
            lines.append(key.padding(to: 14) + text)
        }
        for event in asOf.events {
            lines.append("  v\(event.version)  \(event.event.typeName)  occurred \(event.metadata.occurredAt.rfc3339)  recorded \(event.metadata.recordedAt.rfc3339)")
        }
        return lines.joined(separator: "\n")
    }
}
