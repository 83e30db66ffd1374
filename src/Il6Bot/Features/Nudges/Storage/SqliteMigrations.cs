namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The SQLite schema history. Instants are INTEGER unix milliseconds (UTC): they sort, compare exactly and
/// need no date functions; booleans are 0/1.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema: schedules, deliveries, id sequence", """
            -- SQLite has no sequences; this row is bumped inside the insert's write transaction so ids are
            -- unique across processes sharing the file.
            CREATE TABLE id_sequences (
                name TEXT NOT NULL PRIMARY KEY,
                value INTEGER NOT NULL
            );
            INSERT INTO id_sequences (name, value) VALUES ('schedules', 0);

            CREATE TABLE schedules (
                id TEXT NOT NULL PRIMARY KEY,
                platform TEXT NOT NULL,
                tenant_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                day TEXT NOT NULL,
                local_time TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                created_by TEXT NOT NULL,
                paused INTEGER NOT NULL DEFAULT 0,
                cancelled INTEGER NOT NULL DEFAULT 0,
                rotation_position INTEGER NOT NULL DEFAULT 0,
                next_run_utc INTEGER NOT NULL,
                last_result TEXT,
                last_result_at INTEGER,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX schedules_tenant ON schedules (platform, tenant_id);
            CREATE INDEX schedules_due ON schedules (next_run_utc) WHERE NOT paused AND NOT cancelled;

            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                schedule_id TEXT NOT NULL REFERENCES schedules (id),
                occurrence_utc INTEGER NOT NULL,
                occurrence_local TEXT NOT NULL,
                nudge_index INTEGER NOT NULL,
                idempotency_key TEXT NOT NULL,
                state TEXT NOT NULL,
                message_id TEXT,
                error TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (schedule_id, occurrence_utc)
            );
            CREATE INDEX deliveries_sending ON deliveries (updated_at) WHERE state = 'sending';
            """),
        new(2, "failing flag on schedules; per-channel rotation for /nudge send", """
            ALTER TABLE schedules ADD COLUMN failing INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE manual_rotations (
                platform TEXT NOT NULL,
                tenant_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                next_position INTEGER NOT NULL,
                PRIMARY KEY (platform, tenant_id, channel_id)
            );
            """),
        new(3, "handled requests: a replayed or resent command changes nothing twice", """
            CREATE TABLE handled_requests (
                platform TEXT NOT NULL,
                request_id TEXT NOT NULL,
                handled_at INTEGER NOT NULL,
                PRIMARY KEY (platform, request_id)
            );
            CREATE INDEX handled_requests_age ON handled_requests (handled_at);
            """),
        new(4, "insights: daily counts per tenant, and searches with no good match", """
            -- Counts only, never who: one row per tenant, UTC day (yyyy-MM-dd, sorts as text) and key, added to by upsert.
            CREATE TABLE insights_counts (
                platform TEXT NOT NULL,
                tenant_id TEXT NOT NULL,
                day TEXT NOT NULL,
                metric TEXT NOT NULL,
                name TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (platform, tenant_id, day, metric, name)
            );
            CREATE INDEX insights_counts_day ON insights_counts (day);

            CREATE TABLE insights_searches (
                platform TEXT NOT NULL,
                tenant_id TEXT NOT NULL,
                day TEXT NOT NULL,
                query TEXT NOT NULL,
                count INTEGER NOT NULL,
                last_at INTEGER NOT NULL,
                PRIMARY KEY (platform, tenant_id, day, query)
            );
            CREATE INDEX insights_searches_day ON insights_searches (day);
            """),
        new(5, "edit, skip, mention and topics: who last edited a schedule, when, its mention, topics and skipped occurrence", """
            -- Each nullable, so every existing schedule reads as never edited, pinging nobody, all topics, nothing skipped.
            ALTER TABLE schedules ADD COLUMN edited_by TEXT;
            ALTER TABLE schedules ADD COLUMN edited_at INTEGER;
            ALTER TABLE schedules ADD COLUMN mention TEXT;
            ALTER TABLE schedules ADD COLUMN topics TEXT;
            ALTER TABLE schedules ADD COLUMN skip_utc INTEGER;
            """),
        new(6, "Slack installations (tokens encrypted), OAuth install states, Data Protection key ring", """
            -- Tokens are stored only as Data Protection ciphertext. enterprise_id is '' outside an Enterprise Grid
            -- org (a primary key column cannot be NULL). The refresh columns carry token rotation's cross-instance
            -- claim and its backoff.
            CREATE TABLE slack_installations (
                enterprise_id TEXT NOT NULL,
                team_id TEXT NOT NULL,
                team_name TEXT,
                bot_token TEXT NOT NULL,
                bot_user_id TEXT NOT NULL,
                scopes TEXT NOT NULL,
                installer_user_id TEXT,
                installed_at INTEGER NOT NULL,
                refresh_token TEXT,
                expires_at INTEGER,
                refresh_claimed_until INTEGER,
                refresh_attempts INTEGER NOT NULL DEFAULT 0,
                refresh_retry_at INTEGER,
                broken_reason TEXT,
                PRIMARY KEY (enterprise_id, team_id)
            );
            CREATE INDEX slack_installations_expiry ON slack_installations (expires_at) WHERE refresh_token IS NOT NULL AND broken_reason IS NULL;

            -- A state is deleted by the callback that uses it, so a replay (on any instance) finds nothing.
            CREATE TABLE slack_oauth_states (
                state TEXT NOT NULL PRIMARY KEY,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at);
            """),
        new(7, "deliveries record the channel, mention and topics their occurrence was claimed with", """
            -- A delivery left "sending" by a crash is looked up and reposted where it was claimed, not wherever an edit
            -- has since moved the schedule. NULL on deliveries claimed before this version (and on skips).
            ALTER TABLE deliveries ADD COLUMN channel_id TEXT;
            ALTER TABLE deliveries ADD COLUMN mention TEXT;
            ALTER TABLE deliveries ADD COLUMN topics TEXT;
            """),
        new(8, "Slack installations indexed by team id alone", """
            -- The primary key leads with enterprise_id, so without this a lookup by team id alone (an Enterprise Grid
            -- workspace known only by its team id, as a schedule knows it) would read every row.
            CREATE INDEX slack_installations_team ON slack_installations (team_id);
            """),
    ];
}
