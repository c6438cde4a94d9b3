/// What integrators need (issue 11): `invalid` outcomes for messages that never became commands (their id
/// stays free: only decided outcomes are unique per id), the `source` and `traceparent` that every
/// outcome echoes, and the commands a decider holds while the streams they read catch up.
enum Migration0007Integrators {
    static let migration = Migration(version: 7, name: "integrators: invalid outcomes, echoes, held commands", sql: #"""
        ALTER TABLE suivi.outcomes
            ADD COLUMN source      text,
            ADD COLUMN traceparent text,
            ADD COLUMN violations  json;
        ALTER TABLE suivi.outcomes DROP CONSTRAINT outcomes_status_check;
        ALTER TABLE suivi.outcomes ADD CONSTRAINT outcomes_status_check
            CHECK (status IN ('accepted', 'rejected', 'invalid'));
        -- One decided outcome per command id; an invalid message may be followed by a corrected one.
        ALTER TABLE suivi.outcomes DROP CONSTRAINT outcomes_command_id_key;
        CREATE UNIQUE INDEX outcomes_command_id_decided ON suivi.outcomes (command_id) WHERE status <> 'invalid';
        CREATE INDEX outcomes_command_id_invalid ON suivi.outcomes (command_id, position) WHERE status = 'invalid';

        -- A dead letter keeps the message's headers too (binary content mode carries the CloudEvent in them):
        -- a JSON array of {"name", "value" (base64)}.
        ALTER TABLE suivi.dead_letters ADD COLUMN message_headers json;

        -- Commands held while a stream they read catches up, and the commands of their streams queued
        -- behind them; written with the offsets, so a crash neither loses nor repeats them.
        CREATE TABLE suivi.held_commands (
            group_id   text        NOT NULL,
            partition  integer     NOT NULL,
            "offset"   bigint      NOT NULL,
            stream_id  text        NOT NULL,
            command_id text        NOT NULL,
            held_since timestamptz NOT NULL,
            message    text        NOT NULL,
            message_timestamp bigint,
            PRIMARY KEY (group_id, partition, "offset")
        );
        GRANT SELECT, INSERT, DELETE ON suivi.held_commands TO suivi_decider;
        GRANT SELECT ON suivi.held_commands TO suivi_auditor;
        """#)
}
