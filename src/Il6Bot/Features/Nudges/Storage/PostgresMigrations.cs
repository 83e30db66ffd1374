namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The PostgreSQL schema history. Instants are bigint unix milliseconds (UTC), the same representation as
/// SQLite, so the store's SQL and logic are shared and comparisons are exact.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema: schedules, deliveries, id sequence", """
            -- A sequence hands out ids without locking, so processes sharing the database never collide.
            CREATE SEQUENCE schedule_number;

            CREATE TABLE schedules (
                id text NOT NULL PRIMARY KEY,
                platform text NOT NULL,
                tenant_id text NOT NULL,
                channel_id text NOT NULL,
                day text NOT NULL,
                local_time text NOT NULL,
                time_zone text NOT NULL,
                created_by text NOT NULL,
                paused boolean NOT NULL DEFAULT FALSE,
                cancelled boolean NOT NULL DEFAULT FALSE,
                rotation_position integer NOT NULL DEFAULT 0,
                next_run_utc bigint NOT NULL,
                last_result text,
                last_result_at bigint,
                created_at bigint NOT NULL
            );
            CREATE INDEX schedules_tenant ON schedules (platform, tenant_id);
            CREATE INDEX schedules_due ON schedules (next_run_utc) WHERE NOT paused AND NOT cancelled;

            CREATE TABLE deliveries (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                schedule_id text NOT NULL REFERENCES schedules (id),
                occurrence_utc bigint NOT NULL,
                occurrence_local text NOT NULL,
                nudge_index integer NOT NULL,
                idempotency_key text NOT NULL,
                state text NOT NULL,
                message_id text,
                error text,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                UNIQUE (schedule_id, occurrence_utc)
            );
            CREATE INDEX deliveries_sending ON deliveries (updated_at) WHERE state = 'sending';
            """),
        new(2, "failing flag on schedules; per-channel rotation for /nudge send", """
            ALTER TABLE schedules ADD COLUMN failing boolean NOT NULL DEFAULT FALSE;

            CREATE TABLE manual_rotations (
                platform text NOT NULL,
                tenant_id text NOT NULL,
                channel_id text NOT NULL,
                next_position integer NOT NULL,
                PRIMARY KEY (platform, tenant_id, channel_id)
            );
            """),
        new(3, "handled requests: a replayed or resent command changes nothing twice", """
            CREATE TABLE handled_requests (
                platform text NOT NULL,
                request_id text NOT NULL,
                handled_at bigint NOT NULL,
                PRIMARY KEY (platform, request_id)
            );
            CREATE INDEX handled_requests_age ON handled_requests (handled_at);
            """),
        new(4, "insights: daily counts per tenant, and searches with no good match", """
            -- Counts only, never who: one row per tenant, UTC day (yyyy-MM-dd, sorts as text) and key, added to by upsert.
            CREATE TABLE insights_counts (
                platform text NOT NULL,
                tenant_id text NOT NULL,
                day text NOT NULL,
                metric text NOT NULL,
                name text NOT NULL,
                count bigint NOT NULL,
                PRIMARY KEY (platform, tenant_id, day, metric, name)
            );
            CREATE INDEX insights_counts_day ON insights_counts (day);

            CREATE TABLE insights_searches (
                platform text NOT NULL,
                tenant_id text NOT NULL,
                day text NOT NULL,
                query text NOT NULL,
                count bigint NOT NULL,
                last_at bigint NOT NULL,
                PRIMARY KEY (platform, tenant_id, day, query)
            );
            CREATE INDEX insights_searches_day ON insights_searches (day);
            """),
        new(5, "edit, skip, mention and topics: who last edited a schedule, when, its mention, topics and skipped occurrence", """
            -- Each nullable, so every existing schedule reads as never edited, pinging nobody, all topics, nothing skipped.
            ALTER TABLE schedules
                ADD COLUMN edited_by text,
                ADD COLUMN edited_at bigint,
                ADD COLUMN mention text,
                ADD COLUMN topics text,
                ADD COLUMN skip_utc bigint;
            """),
        new(6, "Slack installations (tokens encrypted), OAuth install states, Data Protection key ring", """
            -- Tokens are stored only as Data Protection ciphertext. enterprise_id is '' outside an Enterprise Grid
            -- org (a primary key column cannot be NULL). The refresh columns carry token rotation's cross-instance
            -- claim and its backoff.
            CREATE TABLE slack_installations (
                enterprise_id text NOT NULL,
                team_id text NOT NULL,
                team_name text,
                bot_token text NOT NULL,
                bot_user_id text NOT NULL,
                scopes text NOT NULL,
                installer_user_id text,
                installed_at bigint NOT NULL,
                refresh_token text,
                expires_at bigint,
                refresh_claimed_until bigint,
                refresh_attempts integer NOT NULL DEFAULT 0,
                refresh_retry_at bigint,
                broken_reason text,
                PRIMARY KEY (enterprise_id, team_id)
            );
            CREATE INDEX slack_installations_expiry ON slack_installations (expires_at) WHERE refresh_token IS NOT NULL AND broken_reason IS NULL;

            CREATE TABLE slack_oauth_states (
                state text NOT NULL PRIMARY KEY,
                expires_at bigint NOT NULL
            );
            CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at);

            CREATE TABLE data_protection_keys (
                friendly_name text NOT NULL PRIMARY KEY,
                xml text NOT NULL
            );
            """),
        new(7, "deliveries record the channel, mention and topics their occurrence was claimed with", """
            -- A delivery left "sending" by a crash is looked up and reposted where it was claimed, not wherever an edit
            -- has since moved the schedule. NULL on deliveries claimed before this version (and on skips).
            ALTER TABLE deliveries
                ADD COLUMN channel_id text,
                ADD COLUMN mention text,
                ADD COLUMN topics text;
            """),
        new(8, "Slack installations indexed by team id alone", """
            -- The primary key leads with enterprise_id, so without this a lookup by team id alone (an Enterprise Grid
            -- workspace known only by its team id, as a schedule knows it) would read every row.
            CREATE INDEX slack_installations_team ON slack_installations (team_id);
            """),
    ];
}
