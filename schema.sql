-- Coffer's schema as numbered migrations. Each block starts with a line
-- `-- migration N: title`; a database at user_version K gets every block N > K,
-- each in its own transaction. Never edit a released block: add a new one.

-- migration 1: foundation
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE tenants (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    label            TEXT,
    is_base          INTEGER NOT NULL DEFAULT 0 CHECK (is_base IN (0, 1)),
    -- The admin token is HMAC(master key, id + salt): shown again to the
    -- super-admin, never stored; the database holds only its HMAC for look-ups.
    admin_token_salt TEXT NOT NULL,
    admin_token_hmac TEXT NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX tenants_one_base ON tenants (is_base) WHERE is_base = 1;

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    environment     TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    name            TEXT NOT NULL,
    roles           TEXT NOT NULL,
    scopes          TEXT NOT NULL,
    ip_allowlist    TEXT NOT NULL,
    read_only       INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    user_id         TEXT,
    passphrase_hash TEXT,
    expires_at      INTEGER,
    revoked_at      INTEGER,
    created_at      INTEGER NOT NULL
) STRICT;
-- A name is unique among a tenant's keys that still work; a revoked key's name
-- may be used again.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (tenant_id, name) WHERE revoked_at IS NULL;

CREATE TABLE vaults (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    external_id TEXT,
    name        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('Active', 'Frozen', 'Archived')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX vaults_partition ON vaults (tenant_id, environment, id);
CREATE UNIQUE INDEX vaults_external_id ON vaults (tenant_id, environment, external_id)
    WHERE external_id IS NOT NULL;

-- The first successful answer to a request carrying an Idempotency-Key, stored in
-- the same transaction as the change it made.
CREATE TABLE idempotency_records (
    actor           TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_records_age ON idempotency_records (created_at);

-- Append-only; `hash` covers `prev_hash` and every other column (SPEC §13).
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    tenant_id   TEXT,
    environment TEXT,
    actor_type  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    ip          TEXT,
    action      TEXT NOT NULL,
    object_type TEXT,
    object_id   TEXT,
    request_id  TEXT,
    created_at  INTEGER NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_partition ON audit_log (tenant_id, environment, seq);
