/// Integrity that a database owner cannot rewrite unseen (issue 16): a ledger chain over every event in
/// position order, its one-row head (whose row lock orders the writers' commits), and the append-only
/// table of signed checkpoints.
///
/// Each event's `ledger_hash` is SHA-256 of its stream hash followed by the previous event's ledger hash
/// (32 zero bytes before the first event), see ``LedgerHash``. The decider computes it in its transaction
/// after locking `suivi.ledger_head` (``EventStore/append(_:)``); any other writer that inserts without
/// one gets it from the `events_ledger` trigger, which takes the same lock. Existing events are linked here,
/// in position order. The private key that signs checkpoints never enters the database: only statements
/// and their signatures are stored.
enum Migration0010Ledger {
    static let migration = Migration(version: 10, name: "ledger chain and checkpoints", sql: #"""
        ALTER TABLE suivi.events ADD COLUMN ledger_hash bytea;

        -- One row: the last position linked into the ledger and its ledger hash. Writers lock it
        -- (SELECT ... FOR UPDATE) before they insert, so positions are taken, linked and committed in one order.
        CREATE TABLE suivi.ledger_head (
            id            boolean PRIMARY KEY DEFAULT true CHECK (id),
            last_position bigint  NOT NULL,
            ledger_hash   bytea   NOT NULL,
            events        bigint  NOT NULL
        );

        DO $$
        DECLARE
            link bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
            last bigint := 0;
            total bigint := 0;
            event record;
        BEGIN
            ALTER TABLE suivi.events DISABLE TRIGGER events_append_only;
            FOR event IN SELECT position, hash FROM suivi.events ORDER BY position LOOP
                link := sha256(event.hash || link);
                UPDATE suivi.events SET ledger_hash = link WHERE position = event.position;
                last := event.position;
                total := total + 1;
            END LOOP;
            ALTER TABLE suivi.events ENABLE TRIGGER events_append_only;
            INSERT INTO suivi.ledger_head (last_position, ledger_hash, events) VALUES (last, link, total);
        END
        $$;
        ALTER TABLE suivi.events ALTER COLUMN ledger_hash SET NOT NULL;

        CREATE FUNCTION suivi.link_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            head suivi.ledger_head%ROWTYPE;
        BEGIN
            IF NEW.ledger_hash IS NOT NULL THEN
                RETURN NEW;  -- linked by the writer, under the head's lock (EventStore.append)
            END IF;
            SELECT * INTO head FROM suivi.ledger_head FOR UPDATE;
            IF NEW.position <= head.last_position THEN
                RAISE EXCEPTION 'suivi.events: position % is not after the ledger head (position %); lock suivi.ledger_head (SELECT ... FOR UPDATE) before inserting', NEW.position, head.last_position
                    USING ERRCODE = 'serialization_failure';
            END IF;
            NEW.ledger_hash := sha256(NEW.hash || head.ledger_hash);
            UPDATE suivi.ledger_head SET last_position = NEW.position, ledger_hash = NEW.ledger_hash, events = head.events + 1;
            RETURN NEW;
        END;
        $$;
        CREATE TRIGGER events_ledger BEFORE INSERT ON suivi.events
            FOR EACH ROW EXECUTE FUNCTION suivi.link_ledger();

        -- Signed statements over the ledger (CheckpointStatement): append-only like the events.
        CREATE TABLE suivi.checkpoints (
            sequence        bigint      PRIMARY KEY CHECK (sequence > 0),
            after_position  bigint      NOT NULL,
            last_position   bigint      NOT NULL,
            event_count     integer     NOT NULL,
            ledger_hash     bytea       NOT NULL,
            merkle_root     bytea       NOT NULL,
            checkpoint_hash bytea       NOT NULL UNIQUE,
            signer          text        NOT NULL,
            signed_at       timestamptz NOT NULL,
            statement       text        NOT NULL,
            signature       bytea       NOT NULL,
            recorded_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX checkpoints_last_position ON suivi.checkpoints (last_position);
        CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON suivi.checkpoints
            FOR EACH ROW EXECUTE FUNCTION suivi.refuse_change();
        CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON suivi.checkpoints
            FOR EACH STATEMENT EXECUTE FUNCTION suivi.refuse_change();

        -- How far the checkpoints topic carries the table (partition 0: the topic has one partition).
        ALTER TABLE suivi.relay_cursors DROP CONSTRAINT relay_cursors_feed_check;
        ALTER TABLE suivi.relay_cursors ADD CONSTRAINT relay_cursors_feed_check
            CHECK (feed IN ('events', 'outcomes', 'checkpoints'));

        REVOKE ALL ON suivi.ledger_head, suivi.checkpoints FROM PUBLIC;
        GRANT SELECT, UPDATE ON suivi.ledger_head TO suivi_decider;
        GRANT SELECT, INSERT ON suivi.checkpoints TO suivi_decider;
        GRANT SELECT ON suivi.ledger_head, suivi.checkpoints TO suivi_auditor;
        GRANT SELECT ON suivi.ledger_head, suivi.checkpoints TO suivi_operator;
        """#)
}
