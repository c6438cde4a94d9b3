extension ReadModelSchema {
    /// Migration 5's piece: what auditors query. Every column is a pure function of the events (so a
    /// rebuild reproduces it exactly) except `updated_at`. Times are `timestamptz`, calendar days `date`,
    /// codes `text` as the contracts spell them.
    ///
    /// Consent expiry is never recorded (no event marks it): the view `consent_status` computes it from
    /// `valid_until_at` at query time, as `state_overview` does for active consents.
    public static func auditModels(schema: String) -> String {
        #"""
        -- The consent each case would rely on by default (its most recent consent not withdrawn), and how
        -- the case ended.
        ALTER TABLE \#(schema).cases
            ADD COLUMN current_consent_id          text,
            ADD COLUMN current_consent_valid_from  timestamptz,
            ADD COLUMN current_consent_valid_until timestamptz,
            ADD COLUMN declined_at                 timestamptz,
            ADD COLUMN declined_by                 text,
            ADD COLUMN declined_reason             text,
            ADD COLUMN closed_at                   timestamptz,
            ADD COLUMN closure                     text,
            ADD COLUMN closure_note                text;

        -- One row per consent: its scope in force (after amendments) and whether it was withdrawn.
        CREATE TABLE \#(schema).consents (
            case_id              text        NOT NULL,
            consent_id           text        NOT NULL,
            state                text        NOT NULL,
            granted_by_name      text        NOT NULL,
            granted_by_office    text        NOT NULL,
            granted_by_state     text        NOT NULL,
            instrument_kind      text        NOT NULL,
            instrument_reference text        NOT NULL,
            instrument_dated     date        NOT NULL,
            activity_kinds       text[]      NOT NULL,
            providers            text[]      NOT NULL,
            valid_from           text        NOT NULL,
            valid_until          text        NOT NULL,
            valid_from_at        timestamptz NOT NULL,
            valid_until_at       timestamptz NOT NULL,
            note                 text,
            given_at             timestamptz NOT NULL,
            given_recorded_at    timestamptz NOT NULL,
            given_by_actor       text        NOT NULL,
            amendments           integer     NOT NULL,
            last_amended_at      timestamptz,
            withdrawn            boolean     NOT NULL,
            withdrawn_at         timestamptz,
            withdrawn_by         text,
            withdrawal_reason    text,
            updated_at           timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (case_id, consent_id)
        );
        CREATE INDEX consents_state ON \#(schema).consents (state);
        CREATE INDEX consents_valid_until ON \#(schema).consents (valid_until_at);

        -- The consent ledger: every grant, amendment and withdrawal, never overwritten.
        CREATE TABLE \#(schema).consent_events (
            event_id             uuid        PRIMARY KEY,
            case_id              text        NOT NULL,
            version              integer     NOT NULL,
            consent_id           text        NOT NULL,
            action               text        NOT NULL CHECK (action IN ('granted', 'amended', 'withdrawn')),
            authority_name       text        NOT NULL,
            authority_office     text        NOT NULL,
            authority_state      text        NOT NULL,
            instrument_kind      text,
            instrument_reference text,
            instrument_dated     date,
            activity_kinds       text[],
            providers            text[],
            valid_from           text,
            valid_until          text,
            valid_from_at        timestamptz,
            valid_until_at       timestamptz,
            reason               text,
            remaining_consent_ids text[],
            actor                text        NOT NULL,
            actor_role           text        NOT NULL,
            on_behalf_of         text,
            command_id           text        NOT NULL,
            occurred_at          timestamptz NOT NULL,
            recorded_at          timestamptz NOT NULL,
            UNIQUE (case_id, version)
        );
        CREATE INDEX consent_events_consent ON \#(schema).consent_events (case_id, consent_id, version);

        -- Every assistance decision: approvals name the consent they relied on; declines have none.
        CREATE TABLE \#(schema).decisions (
            event_id          uuid        PRIMARY KEY,
            case_id           text        NOT NULL,
            version           integer     NOT NULL,
            outcome           text        NOT NULL CHECK (outcome IN ('approve', 'decline')),
            decided_by_name   text        NOT NULL,
            decided_by_office text        NOT NULL,
            reason            text        NOT NULL,
            activity_kinds    text[]      NOT NULL,
            providers         text[]      NOT NULL,
            consent_id        text,
            actor             text        NOT NULL,
            actor_role        text        NOT NULL,
            on_behalf_of      text,
            command_id        text        NOT NULL,
            occurred_at       timestamptz NOT NULL,
            recorded_at       timestamptz NOT NULL,
            UNIQUE (case_id, version)
        );
        CREATE INDEX decisions_consent ON \#(schema).decisions (case_id, consent_id);

        -- Every activity delivered, with the consent it relied on; a correction is its own row that
        -- names the activity it corrects (`corrects`), which stays as it was.
        CREATE TABLE \#(schema).activities (
            case_id         text        NOT NULL,
            activity_id     text        NOT NULL,
            event_id        uuid        NOT NULL UNIQUE,
            version         integer     NOT NULL,
            kind            text        NOT NULL,
            title           text        NOT NULL,
            start_date      date        NOT NULL,
            end_date        date        NOT NULL,
            provider        text        NOT NULL,
            provider_office text,
            participants    integer     NOT NULL,
            capacities      text[]      NOT NULL,
            corrects        text,
            consent_id      text        NOT NULL,
            description     text,
            actor           text        NOT NULL,
            actor_role      text        NOT NULL,
            on_behalf_of    text,
            command_id      text        NOT NULL,
            occurred_at     timestamptz NOT NULL,
            recorded_at     timestamptz NOT NULL,
            PRIMARY KEY (case_id, activity_id)
        );
        CREATE INDEX activities_consent ON \#(schema).activities (case_id, consent_id);
        CREATE INDEX activities_corrects ON \#(schema).activities (case_id, corrects) WHERE corrects IS NOT NULL;
        CREATE INDEX activities_kind ON \#(schema).activities (kind, start_date);

        -- National consultations held inside a case.
        CREATE TABLE \#(schema).national_consultations (
            case_id         text        NOT NULL,
            consultation_id text        NOT NULL,
            event_id        uuid        NOT NULL UNIQUE,
            held_on         date        NOT NULL,
            modality        text        NOT NULL,
            venue           text,
            participants    integer     NOT NULL,
            stakeholders    text[]      NOT NULL,
            summary         text,
            actor           text        NOT NULL,
            occurred_at     timestamptz NOT NULL,
            recorded_at     timestamptz NOT NULL,
            PRIMARY KEY (case_id, consultation_id)
        );

        -- The mandated regional consultations, one row each, participants by category.
        CREATE TABLE \#(schema).regional_consultations (
            consultation_id               text        PRIMARY KEY,
            region                        text        NOT NULL,
            title                         text        NOT NULL,
            planned_date                  date        NOT NULL,
            planned_modality              text        NOT NULL,
            planned_venue                 text,
            host                          text,
            status                        text        NOT NULL,
            scheduled_at                  timestamptz NOT NULL,
            held_on                       date,
            ends_on                       date,
            modality                      text,
            venue                         text,
            participants_states           integer,
            participants_nhris            integer,
            participants_civil_society    integer,
            participants_un_entities      integer,
            participants_regional_mechanisms integer,
            good_practices                text[]      NOT NULL,
            summary_reference             text,
            summary_published_on          date,
            summary                       text,
            cancelled_at                  timestamptz,
            cancellation_reason           text,
            version                       integer     NOT NULL,
            last_event_at                 timestamptz NOT NULL,
            updated_at                    timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX regional_consultations_region ON \#(schema).regional_consultations (region, status);

        -- The report to the Council: its state now; deferrals and waivers are rows of their own.
        CREATE TABLE \#(schema).reports (
            report_id           text        PRIMARY KEY,
            resolution          text        NOT NULL,
            title               text        NOT NULL,
            mandated_session    integer     NOT NULL,
            due_session         integer     NOT NULL,
            status              text        NOT NULL,
            mandated_at         timestamptz NOT NULL,
            lead_office         text,
            drafting_started_at timestamptz,
            document_symbol     text,
            draws_on            text[]      NOT NULL,
            waived_at_submission text[]     NOT NULL,
            submitted_at        timestamptz,
            submitted_session   integer,
            presented_at        timestamptz,
            presented_session   integer,
            presented_by        text,
            version             integer     NOT NULL,
            last_event_at       timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE \#(schema).report_deferrals (
            event_id     uuid        PRIMARY KEY,
            report_id    text        NOT NULL,
            version      integer     NOT NULL,
            from_session integer     NOT NULL,
            to_session   integer     NOT NULL,
            reason       text        NOT NULL,
            actor        text        NOT NULL,
            occurred_at  timestamptz NOT NULL,
            recorded_at  timestamptz NOT NULL,
            UNIQUE (report_id, version)
        );

        CREATE TABLE \#(schema).report_waivers (
            event_id        uuid        PRIMARY KEY,
            report_id       text        NOT NULL,
            version         integer     NOT NULL,
            consultation_id text        NOT NULL,
            reason          text        NOT NULL,
            actor           text        NOT NULL,
            occurred_at     timestamptz NOT NULL,
            recorded_at     timestamptz NOT NULL,
            UNIQUE (report_id, consultation_id)
        );

        -- Consents with their standing now: expiry is computed here from valid_until_at.
        CREATE VIEW \#(schema).consent_status AS
            SELECT c.*,
                CASE WHEN c.withdrawn THEN 'withdrawn'
                     WHEN c.valid_until_at < now() THEN 'expired'
                     WHEN c.valid_from_at > now() THEN 'not-yet-valid'
                     ELSE 'active' END AS standing
            FROM \#(schema).consents c;

        -- Per State: cases by status, consents in force now, activities and the last one.
        CREATE VIEW \#(schema).state_overview AS
            SELECT s.state,
                count(*)::integer AS cases,
                count(*) FILTER (WHERE s.status = 'requested')::integer AS requested,
                count(*) FILTER (WHERE s.status = 'consented')::integer AS consented,
                count(*) FILTER (WHERE s.status = 'active')::integer AS active,
                count(*) FILTER (WHERE s.status = 'suspended')::integer AS suspended,
                count(*) FILTER (WHERE s.status = 'declined')::integer AS declined,
                count(*) FILTER (WHERE s.status = 'closed')::integer AS closed,
                (SELECT count(*) FROM \#(schema).consents k
                    WHERE k.state = s.state AND NOT k.withdrawn AND k.valid_from_at <= now() AND now() <= k.valid_until_at
                )::integer AS active_consents,
                (SELECT count(*) FROM \#(schema).activities a JOIN \#(schema).cases c ON c.case_id = a.case_id
                    WHERE c.state = s.state)::integer AS activities,
                (SELECT max(a.end_date) FROM \#(schema).activities a JOIN \#(schema).cases c ON c.case_id = a.case_id
                    WHERE c.state = s.state) AS last_activity_on
            FROM \#(schema).cases s
            GROUP BY s.state;
        """#
    }
}
