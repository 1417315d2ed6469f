-- aduan's SQLite schema: the only DDL in the project.
--
-- The file is a list of migrations. Each section headed "-- migration N" takes a database
-- from version N-1 to N. At start-up the service applies every section above the database's
-- PRAGMA user_version, in order, inside one transaction, and sets user_version to the last
-- one; so a new database gets all of them and an older one upgrades in place. A released
-- section is never edited: a change to the schema is a new section at the end.
--
-- Instants are INTEGER Unix seconds (UTC). Enumerations are stored by their wire names.

-- migration 1
CREATE TABLE tickets (
    id                    INTEGER PRIMARY KEY,
    subject               TEXT    NOT NULL,
    description           TEXT    NOT NULL DEFAULT '',
    channel               TEXT    NOT NULL,
    category              TEXT    NOT NULL,
    priority              TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    requester_name        TEXT,
    requester_phone       TEXT,
    requester_email       TEXT,
    requester_external_id TEXT,
    assignee              TEXT,
    team                  TEXT,
    tags                  TEXT    NOT NULL DEFAULT '',  -- newline-separated
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    first_responded_at    INTEGER,
    resolved_at           INTEGER,
    closed_at             INTEGER
);
-- Listing is newest first by (created_at, id). Status filters are selective (closed tickets
-- pile up) and get their own index; team and assignee match densely (a handful of teams,
-- tens of agents), so walking the created order finds a page quickly, and each index here
-- is paid on every insert.
CREATE INDEX tickets_by_created ON tickets (created_at, id);
CREATE INDEX tickets_by_status ON tickets (status, created_at, id);

CREATE TABLE responses (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    at        INTEGER NOT NULL,
    author    TEXT    NOT NULL,
    public    INTEGER NOT NULL CHECK (public IN (0, 1)),
    body      TEXT    NOT NULL
);
CREATE INDEX responses_by_ticket ON responses (ticket_id, id);

-- A ticket's history. Append-only: the triggers refuse to rewrite it.
CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    from_value  TEXT,
    to_value    TEXT,
    response_id INTEGER REFERENCES responses (id)
);
CREATE INDEX ticket_events_by_ticket ON ticket_events (ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
CREATE TRIGGER responses_no_update BEFORE UPDATE ON responses
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER responses_no_delete BEFORE DELETE ON responses
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;

-- migration 2
-- Access control. Secrets are never stored: passwords as Argon2id strings (libsodium's
-- crypto_pwhash_str), API tokens and session ids as the SHA-256 of their 32 random bytes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL,
    password_hash TEXT,                        -- NULL: cannot sign in with a password
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    token_hash   BLOB    NOT NULL UNIQUE,
    role         TEXT,                         -- a service token has a role ...
    user_id      INTEGER REFERENCES users (id), -- ... or acts as a user
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    CHECK ((role IS NULL) <> (user_id IS NULL))
);

CREATE TABLE sessions (
    id_hash    BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at   INTEGER
) WITHOUT ROWID;

-- Bumped in the same transaction as every change above, by the service and by the command
-- line alike: the service polls this one row to pick up changes made by other processes.
CREATE TABLE auth_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO auth_state (id, version) VALUES (1, 0);

-- migration 3
-- SLA: the policy in force and, per clock, the instants from which it is at risk (while it
-- runs) and breached (if it will be, or was). Kept in the same transaction as the change that
-- moves them, so that GET /api/v1/tickets?sla_status= is a query, not a replay. Not indexed:
-- every new ticket would pay for two more index entries (ingest fell from 15,000 to 12,000
-- tickets/s with them); the filter walks the created order instead.
ALTER TABLE tickets ADD COLUMN policy TEXT;
ALTER TABLE tickets ADD COLUMN sla_fr_warn_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_fr_breach_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_warn_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_breach_at INTEGER;

-- migration 4
-- SLA, the rest of each clock's summary: its target, when it stopped and the business time it
-- had used by then, and whether it is paused. With migration 3's instants this is everything
-- the wallboard's counts and the reports need without replaying histories. Rows written
-- before this migration are filled in by the service at start-up (they have sla_fr_target
-- NULL).
ALTER TABLE tickets ADD COLUMN sla_fr_target INTEGER;
ALTER TABLE tickets ADD COLUMN sla_fr_stopped_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_fr_elapsed INTEGER;
ALTER TABLE tickets ADD COLUMN sla_fr_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_target INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_stopped_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_elapsed INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_paused INTEGER NOT NULL DEFAULT 0;

-- migration 5
-- Tickets whose SLA summary is yet to be computed (imported with it deferred, or written
-- before migration 4): the service looks for them at every start, and without this the
-- search reads the whole table. Partial, so it holds only those rows and costs live inserts
-- (which always carry a summary) nothing but the test of the condition.
CREATE INDEX tickets_missing_sla ON tickets (id) WHERE sla_fr_target IS NULL;

-- migration 6
-- What the wallboard restores at start-up besides the open tickets: those created, resolved
-- or closed today. Partial indexes: a new ticket (no resolution yet) costs them nothing.
CREATE INDEX tickets_by_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_by_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;

-- migration 7
-- SLA, what the reports need besides: per clock, the instant its target was or will be used
-- up (the wire's due_at, and breached_at once breached) and, while it runs, when its running
-- span began. sla_X_elapsed now holds the business time used before that span (all of it
-- when stopped or paused), so a report knows a running clock's time without replaying its
-- history. Rows whose clocks have such values are marked for the service to recompute at
-- start-up (as after migration 4); the reports replay any row still unmarked.
ALTER TABLE tickets ADD COLUMN sla_fr_since INTEGER;
ALTER TABLE tickets ADD COLUMN sla_fr_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_since INTEGER;
ALTER TABLE tickets ADD COLUMN sla_res_due_at INTEGER;
UPDATE tickets SET sla_fr_target = NULL
 WHERE sla_fr_target IS NOT NULL
   AND (sla_fr_stopped_at IS NULL OR sla_res_stopped_at IS NULL
        OR sla_fr_breach_at IS NOT NULL OR sla_res_breach_at IS NOT NULL
        OR sla_fr_elapsed = sla_fr_target OR sla_res_elapsed = sla_res_target);

-- migration 8
-- The console looks a caller up by phone number or participant number while they are on the
-- line, to show their earlier complaints (GET /api/v1/tickets?requester=). Partial: tickets
-- without them cost nothing.
CREATE INDEX tickets_by_requester_phone ON tickets (requester_phone)
    WHERE requester_phone IS NOT NULL;
CREATE INDEX tickets_by_requester_external_id ON tickets (requester_external_id)
    WHERE requester_external_id IS NOT NULL;
