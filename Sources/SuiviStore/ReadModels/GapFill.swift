public import SuiviDomain

/// Decides what a batch of events does to the read models, given the last version of each stream they
/// applied: which events are new, which were delivered again (skipped), and which gaps must be read from
/// the store first (a stream that jumps from version 4 to 6 because a publication failed after its commit
/// and a later batch reached the topic first). A plain value: ``ReadModelStore/apply(_:projections:gapsFrom:)``
/// does the reading and the writing around it.
public struct GapFill: Sendable {
    /// The last applied version of each stream this batch touches (absent: none yet).
    public private(set) var versions: [String: Int]

    public init(applied versions: [String: Int]) {
        self.versions = versions
    }

    /// What to apply, in order, and how it was arrived at.
    public struct Plan: Sendable, Equatable {
        /// The events to apply, in order: each gap's events (from the store) just before the event after it.
        public var fresh: [RecordedEvent]
        /// The last event applied to each stream, for its stored version.
        public var lastApplied: [String: RecordedEvent]
        /// Events of the batch already applied (delivered again).
        public var skipped: Int
        /// Of `fresh`, the events read from the store to fill a gap.
        public var filled: Int
    }

    /// The gaps this batch opens, to read from the store before ``plan(_:filling:)``.
    public func gaps(in events: [RecordedEvent]) -> [EventStore.VersionGap] {
        var gaps: [EventStore.VersionGap] = []
        var seen = versions
        for event in events {
            let current = seen[event.streamID, default: 0]
            if event.version > current + 1 {
                gaps.append(EventStore.VersionGap(streamID: event.streamID, after: current, before: event.version))
            }
            seen[event.streamID] = max(current, event.version)
        }
        return gaps
    }

    /// Orders the batch with the gaps' events read from the store (`missing`, by stream, in version order;
    /// those an operator skipped are absent and stay out), leaving out what was applied already.
    public mutating func plan(_ events: [RecordedEvent], filling missing: [String: [RecordedEvent]] = [:]) -> Plan {
        var plan = Plan(fresh: [], lastApplied: [:], skipped: 0, filled: 0)
        plan.fresh.reserveCapacity(events.count)
        for event in events {
            if event.version <= versions[event.streamID, default: 0] {
                plan.skipped += 1
                continue
            }
            for gapEvent in missing[event.streamID] ?? []
            where gapEvent.version > versions[event.streamID, default: 0] && gapEvent.version < event.version {
                plan.fresh.append(gapEvent)
                versions[event.streamID] = gapEvent.version
                plan.filled += 1
            }
            versions[event.streamID] = event.version
            plan.fresh.append(event)
            plan.lastApplied[event.streamID] = event
        }
        return plan
    }
}
