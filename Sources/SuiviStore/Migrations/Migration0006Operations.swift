/// Operations: worker heartbeats (for `suivi status`), and what dead letters need for parking and
/// for their resolution (the stream they hold up, the last error, who skipped them and why).
enum Migration0006Operations {
    static let migration = Migration(version: 6, name: "operations", sql: #"""
        CREATE TABLE suivi.worker_heartbeats (
            worker          text        NOT NULL,
            instance        text        NOT NULL,
            group_id        text        NOT NULL,
            host            text        NOT NULL,
            pid             integer     NOT NULL,
            started_at      timestamptz NOT NULL,
            last_seen       timestamptz NOT NULL,
            last_message_at timestamptz,
            processed       bigint      NOT NULL DEFAULT 0,
            partitions      integer[]   NOT NULL DEFAULT '{}',
            PRIMARY KEY (worker, instance)
        );

        ALTER TABLE suivi.dead_letters
            ADD COLUMN stream_id   text,
            ADD COLUMN event_id    text,
            ADD COLUMN version     integer,
            ADD COLUMN last_error  text,
            ADD COLUMN resolved_at timestamptz,
            ADD COLUMN resolution  text;
        CREATE INDEX dead_letters_parked_streams ON suivi.dead_letters (consumer, stream_id) WHERE status = 'parked';

        GRANT SELECT, INSERT, UPDATE, DELETE ON suivi.worker_heartbeats TO suivi_decider, suivi_projector;
        GRANT SELECT ON suivi.worker_heartbeats TO suivi_auditor;
        GRANT SELECT ON suivi.dead_letters TO suivi_projector;
        """#)
}
