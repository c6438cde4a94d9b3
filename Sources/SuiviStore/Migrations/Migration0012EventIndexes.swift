/// One index entry fewer per event (issue 13): `events_command_id` served no query. Every statement that
/// reads `suivi.events` finds its rows by position, by stream (`UNIQUE (stream_id, version)`), by partition
/// (`events_partition_position`, the relay) or by event id (`UNIQUE (event_id)`); the commands' ids are
/// looked up in `suivi.outcomes`, whose own indexes serve them. Its upkeep was a fifth of the events
/// table's index inserts, on the decider's serial path.
enum Migration0012EventIndexes {
    static let migration = Migration(version: 12, name: "events: drop the unused command_id index", sql: """
        DROP INDEX IF EXISTS suivi.events_command_id;
        """)
}
