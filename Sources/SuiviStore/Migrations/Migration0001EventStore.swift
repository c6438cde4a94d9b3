/// The system of record: the append-only event store with its hash chain, command outcomes,
/// consumer offsets, the relay's cursors and the dead letters.
enum Migration0001EventStore {
    static let migration = Migration(version: 1, name: "event store", sql: #"""
        CREATE SCHEMA IF NOT EXISTS suivi;

        CREATE TABLE suivi.events (
            position         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream_id        text        NOT NULL,
            stream_type      text        NOT NULL,
            version          integer     NOT NULL CHECK (version > 0),
            event_id         uuid        NOT NULL UNIQUE,
            event_type       text        NOT NULL,
            -- json, not jsonb: the exact canonical text is kept, so the hash can be checked again.
            data             json        NOT NULL,
            command_id       text        NOT NULL,
            actor            text        NOT NULL,
            actor_role       text        NOT NULL,
            on_behalf_of     text,
            occurred_at      timestamptz NOT NULL,
            recorded_at      timestamptz NOT NULL,
            consent_id       text,
            source_partition integer     NOT NULL,
            prev_hash        bytea,
            hash             bytea       NOT NULL,
            UNIQUE (stream_id, version)
        );
        CREATE INDEX events_command_id ON suivi.events (command_id);
        CREATE INDEX events_partition_position ON suivi.events (source_partition, position);

        CREATE FUNCTION suivi.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'suivi.% is append-only: % is refused; record a correcting event instead', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON suivi.events
            FOR EACH ROW EXECUTE FUNCTION suivi.refuse_change();
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON suivi.events
            FOR EACH STATEMENT EXECUTE FUNCTION suivi.refuse_change();

        CREATE TABLE suivi.outcomes (
            position         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            command_id       text        NOT NULL UNIQUE,
            fingerprint      bytea       NOT NULL,
            command_type     text        NOT NULL,
            subject          text        NOT NULL,
            status           text        NOT NULL CHECK (status IN ('accepted', 'rejected')),
            event_ids        uuid[]      NOT NULL DEFAULT '{}',
            reasons          json        NOT NULL DEFAULT '[]',
            occurred_at      timestamptz,
            recorded_at      timestamptz NOT NULL,
            source_partition integer     NOT NULL,
            source_offset    bigint      NOT NULL
        );
        CREATE INDEX outcomes_subject ON suivi.outcomes (subject, position);
        CREATE INDEX outcomes_partition_position ON suivi.outcomes (source_partition, position);
        CREATE TRIGGER outcomes_append_only BEFORE UPDATE OR DELETE ON suivi.outcomes
            FOR EACH ROW EXECUTE FUNCTION suivi.refuse_change();

        -- Where each consumer group is in each partition: written in the same transaction as the
        -- effects of the messages before it, which is what makes processing exactly-once.
        CREATE TABLE suivi.consumer_offsets (
            group_id    text        NOT NULL,
            topic       text        NOT NULL,
            partition   integer     NOT NULL,
            next_offset bigint      NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (group_id, topic, partition)
        );

        -- How far the relay has published each commands-topic partition's events and outcomes.
        CREATE TABLE suivi.relay_cursors (
            feed       text    NOT NULL CHECK (feed IN ('events', 'outcomes')),
            partition  integer NOT NULL,
            position   bigint  NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (feed, partition)
        );

        CREATE TABLE suivi.dead_letters (
            id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            consumer      text        NOT NULL,
            topic         text        NOT NULL,
            partition     integer     NOT NULL,
            "offset"      bigint      NOT NULL,
            message_key   bytea,
            message_value bytea       NOT NULL,
            reason_code   text        NOT NULL,
            reason        text        NOT NULL,
            received_at   timestamptz NOT NULL DEFAULT now(),
            status        text        NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'retried', 'skipped')),
            attempts      integer     NOT NULL DEFAULT 1,
            UNIQUE (consumer, topic, partition, "offset")
        );
        """#)
}
