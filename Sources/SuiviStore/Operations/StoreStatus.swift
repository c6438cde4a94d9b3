public import SuiviDomain
public import SuiviPostgres

/// What the database says about progress: the store's size, outcomes, dead letters, and where each
/// consumer group stands per partition.
public struct StoreStatus: Sendable {
    public struct GroupOffsets: Sendable {
        public var group: String
        public var topic: String
        public var partitions: [Int32: Int64]
        public var updatedAt: Timestamp?
    }

    public var events: Int64
    public var lastPosition: Int64
    public var accepted: Int64
    public var rejected: Int64
    /// Outcomes of messages that never became commands (dead-lettered with a readable id).
    public var invalid: Int64
    public var parkedDeadLetters: Int64
    public var decider: [GroupOffsets]
    public var projector: [GroupOffsets]
    /// Per projector group: events applied to the read models and events skipped as already there.
    public var projected: [String: (applied: Int64, skipped: Int64)]

    /// Reads the status with one connection; read models of `schema`.
    public static func read(_ connection: PostgresConnection, schema: String = ReadModelSchema.live) throws -> StoreStatus {
        do {
            let totals = try connection.query("""
                SELECT (SELECT count(*) FROM suivi.events) AS events,
                       (SELECT coalesce(max(position), 0) FROM suivi.events) AS last_position,
                       (SELECT count(*) FILTER (WHERE status = 'accepted') FROM suivi.outcomes) AS accepted,
                       (SELECT count(*) FILTER (WHERE status = 'rejected') FROM suivi.outcomes) AS rejected,
                       (SELECT count(*) FILTER (WHERE status = 'invalid') FROM suivi.outcomes) AS invalid,
                       (SELECT count(*) FROM suivi.dead_letters WHERE status = 'parked') AS parked
                """)[0]
            let decider = try groups(connection, "SELECT group_id, topic, partition, next_offset, (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us FROM suivi.consumer_offsets")
            let projector = try groups(connection, "SELECT group_id, topic, partition, next_offset, (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us FROM " + schema + ".projector_offsets")
            var projected: [String: (Int64, Int64)] = [:]
            for row in try connection.query("SELECT group_id, applied, skipped FROM \(unescaped: schema).projection_stats").rows {
                projected[try row.string("group_id")] = (try row.int("applied"), try row.int("skipped"))
            }
            return StoreStatus(
                events: try totals.int("events"), lastPosition: try totals.int("last_position"),
                accepted: try totals.int("accepted"), rejected: try totals.int("rejected"), invalid: try totals.int("invalid"),
                parkedDeadLetters: try totals.int("parked"), decider: decider, projector: projector, projected: projected)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    private static func groups(_ connection: PostgresConnection, _ sql: String) throws -> [GroupOffsets] {
        var byGroup: [String: GroupOffsets] = [:]
        for row in try connection.query(PostgresQuery(sql: sql)).rows {
            let group = try row.string("group_id")
            let topic = try row.string("topic")
            let key = group + "\u{0}" + topic
            var entry = byGroup[key] ?? GroupOffsets(group: group, topic: topic, partitions: [:], updatedAt: nil)
            entry.partitions[Int32(try row.int("partition"))] = try row.int("next_offset")
            let updated = Timestamp(microseconds: try row.int("updated_us"))
            entry.updatedAt = max(entry.updatedAt ?? updated, updated)
            byGroup[key] = entry
        }
        return byGroup.keys.sorted().map { byGroup[$0]! }
    }

    /// The status as `suivi status --json` prints it.
    public var json: JSON {
        func offsets(_ groups: [GroupOffsets]) -> JSON {
            .array(groups.map { group in
                [
                    "group": .string(group.group), "topic": .string(group.topic),
                    "consumed": .number(String(group.partitions.values.reduce(0, +))),
                    "partitions": .object(Dictionary(uniqueKeysWithValues: group.partitions.map { (String($0.key), JSON.number(String($0.value))) })),
                    "updatedAt": group.updatedAt.map { .string($0.rfc3339) } ?? .null,
                ]
            })
        }
        return [
            "store": ["events": .number(String(events)), "lastPosition": .number(String(lastPosition))],
            "outcomes": [
                "accepted": .number(String(accepted)), "rejected": .number(String(rejected)), "invalid": .number(String(invalid)),
            ],
            "deadLetters": ["parked": .number(String(parkedDeadLetters))],
            "decider": offsets(decider),
            "projector": offsets(projector),
            "projected": .object(Dictionary(uniqueKeysWithValues: projected.map { group, counts in
                (group, JSON.object(["applied": .number(String(counts.applied)), "skipped": .number(String(counts.skipped))]))
            })),
        ]
    }
}
