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

-- Append-only; `hash` covers `prev_hash` and every other column (docs/api.md, "Audit").
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

-- migration 2: ledger and money movement
-- Amounts are atomic units (satoshi, wei) written as canonical decimal integers
-- in TEXT: ETH balances pass 2^63 wei. SQL arithmetic on them goes through the
-- exact functions amt_add / amt_ge / amt_sum that every connection registers.
CREATE TABLE wallets (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    environment     TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    vault_id        TEXT NOT NULL REFERENCES vaults (id),
    asset_id        TEXT NOT NULL,
    label           TEXT,
    status          TEXT NOT NULL CHECK (status IN ('Active', 'PendingApproval')),
    deposit_address TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (vault_id, asset_id)
) STRICT;
CREATE INDEX wallets_partition ON wallets (tenant_id, environment, id);
CREATE INDEX wallets_vault ON wallets (vault_id, id);

-- Every deposit address, unique per network, pointing at its wallet.
CREATE TABLE deposit_addresses (
    id          TEXT PRIMARY KEY,
    network     TEXT NOT NULL,
    address     TEXT NOT NULL,
    wallet_id   TEXT NOT NULL REFERENCES wallets (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (network, address)
) STRICT;
CREATE INDEX deposit_addresses_wallet ON deposit_addresses (wallet_id, id);

-- Double-entry accounts. A wallet has three (available, locked, pending); each
-- tenant+environment+asset has an external-world and a fees account. `balance`
-- is a cache of the sum of the account's entries, kept in the same transaction.
CREATE TABLE ledger_accounts (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    environment TEXT NOT NULL,
    asset_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('available', 'locked', 'pending', 'external', 'fees')),
    wallet_id   TEXT REFERENCES wallets (id),
    balance     TEXT NOT NULL DEFAULT '0'
) STRICT;

CREATE TABLE ledger_entries (
    id             INTEGER PRIMARY KEY,
    journal_id     TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    account_id     TEXT NOT NULL REFERENCES ledger_accounts (id),
    asset_id       TEXT NOT NULL,
    amount         TEXT NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX ledger_entries_account ON ledger_entries (account_id);
CREATE INDEX ledger_entries_journal ON ledger_entries (journal_id);

CREATE TABLE transactions (
    id                     TEXT PRIMARY KEY,
    tenant_id              TEXT NOT NULL,
    environment            TEXT NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('Deposit', 'Transfer', 'Withdrawal')),
    status                 TEXT NOT NULL,
    asset_id               TEXT NOT NULL,
    network                TEXT NOT NULL,
    amount                 TEXT NOT NULL,
    fee                    TEXT NOT NULL,
    source_vault_id        TEXT,
    destination_vault_id   TEXT,
    source_wallet_id       TEXT REFERENCES wallets (id),
    destination_wallet_id  TEXT REFERENCES wallets (id),
    source_address         TEXT,
    destination_address    TEXT,
    destination_tag        TEXT,
    address_book_entry_id  TEXT,
    tx_hash                TEXT,
    included_height        INTEGER,
    confirmations          INTEGER NOT NULL DEFAULT 0,
    required_confirmations INTEGER NOT NULL DEFAULT 0,
    unsigned_payload       TEXT,
    signed_payload         TEXT,
    note                   TEXT,
    failure_reason         TEXT,
    activity_id            TEXT,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
) STRICT;
CREATE INDEX transactions_partition ON transactions (tenant_id, environment, id);
CREATE INDEX transactions_source ON transactions (source_wallet_id, id);
CREATE INDEX transactions_destination ON transactions (destination_wallet_id, id);
CREATE INDEX transactions_open ON transactions (status) WHERE status NOT IN ('Completed', 'Failed', 'Cancelled', 'Rejected');

CREATE TABLE address_book (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    environment TEXT NOT NULL,
    asset_id    TEXT NOT NULL,
    network     TEXT NOT NULL,
    address     TEXT NOT NULL,
    tag         TEXT,
    label       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('Active', 'PendingApproval', 'Deleted')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX address_book_partition ON address_book (tenant_id, environment, id);
-- One live entry per address, tag and asset; a deleted one may be added again.
CREATE UNIQUE INDEX address_book_unique ON address_book (tenant_id, environment, asset_id, address, COALESCE(tag, ''))
    WHERE status != 'Deleted';

-- The simulated chain of each tenant's test environment.
CREATE TABLE sandbox_chains (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
    height    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The transactional outbox: every event is written in the same transaction as
-- the change it describes; the webhook worker delivers from here.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    tenant_id   TEXT NOT NULL,
    environment TEXT NOT NULL,
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX events_partition ON events (tenant_id, environment, seq);

-- migration 3: webhooks
-- One endpoint per tenant+environment. The signing secret is derived from the
-- master key and this salt, so the database alone cannot forge a delivery.
CREATE TABLE webhook_endpoints (
    tenant_id              TEXT NOT NULL REFERENCES tenants (id),
    environment            TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    url                    TEXT NOT NULL,
    secret_salt            TEXT NOT NULL,
    subscribed_event_types TEXT,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, environment)
) STRICT;

-- One delivery per event and endpoint, created in the same transaction as the
-- event, so nothing committed goes unannounced.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events (id),
    tenant_id        TEXT NOT NULL,
    environment      TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    url              TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('Pending', 'Delivered', 'Failed')),
    attempt_count    INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    delivered_at     INTEGER
) STRICT;
CREATE INDEX webhook_deliveries_partition ON webhook_deliveries (tenant_id, environment, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'Pending';

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at INTEGER NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- migration 4: users, activities, default vaults (Coinbase-compatible and admin APIs)
-- The people of a tenant (docs/api.md, "Consensus"), in both environments. Emails are stored
-- lower-cased, so uniqueness ignores case.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'approver', 'auditor', 'viewer')),
    status        TEXT NOT NULL CHECK (status IN ('Active', 'Disabled')),
    -- argon2id PHC string; NULL for a user who cannot log in to the console.
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_email ON users (tenant_id, email);
CREATE INDEX users_partition ON users (tenant_id, id);

-- Requests subject to consensus (docs/api.md, "Consensus"). Until approval policies exist every
-- activity is created already Approved; the columns hold what a pending one needs.
CREATE TABLE activities (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    environment        TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    action             TEXT NOT NULL CHECK (action IN ('wallet_create', 'address_book_create', 'withdrawal')),
    status             TEXT NOT NULL CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Expired')),
    initiator_type     TEXT NOT NULL CHECK (initiator_type IN ('ApiKey', 'User')),
    initiator_id       TEXT NOT NULL,
    initiator_name     TEXT NOT NULL,
    required_approvals INTEGER NOT NULL DEFAULT 0,
    policy_version     INTEGER,
    object_type        TEXT NOT NULL,
    object_id          TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    expires_at         INTEGER
) STRICT;
CREATE INDEX activities_partition ON activities (tenant_id, environment, id);

-- Each approval or rejection of an activity: one per user.
CREATE TABLE activity_approvals (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    decision    TEXT NOT NULL CHECK (decision IN ('Approved', 'Rejected')),
    comment     TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (activity_id, user_id)
) STRICT, WITHOUT ROWID;

-- The vault that wallets created through the Coinbase-compatible API go into,
-- one per tenant and environment, made on first use.
CREATE TABLE default_vaults (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    vault_id    TEXT NOT NULL REFERENCES vaults (id),
    PRIMARY KEY (tenant_id, environment)
) STRICT, WITHOUT ROWID;

-- migration 5: approval policies, pending requests, velocity
-- Each PUT /v1/policies writes a new version; the highest is in force. A
-- document is `{rules, velocityLimits}` as GET renders it.
CREATE TABLE policies (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, environment, version)
) STRICT, WITHOUT ROWID;
-- The role a pending activity's approvers need, fixed when it was created.
ALTER TABLE activities ADD COLUMN approver_role TEXT;
CREATE INDEX activities_pending ON activities (expires_at) WHERE status = 'Pending';
-- The activity a wallet or address-book entry was requested under.
ALTER TABLE wallets ADD COLUMN activity_id TEXT;
ALTER TABLE address_book ADD COLUMN activity_id TEXT;
-- Velocity limits sum a vault's recent withdrawals of an asset.
CREATE INDEX transactions_velocity ON transactions (source_vault_id, asset_id, created_at)
    WHERE kind = 'Withdrawal';

-- migration 6: EVM adapter: deposit-address pools, scanned blocks
-- Addresses generated offline and imported by `coffer addresses import`; a live
-- wallet takes the oldest unused one of its tenant and network.
CREATE TABLE address_pool (
    network     TEXT NOT NULL,
    address     TEXT NOT NULL,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    imported_at INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    wallet_id   TEXT REFERENCES wallets (id),
    PRIMARY KEY (network, address)
) STRICT;
CREATE INDEX address_pool_free ON address_pool (tenant_id, environment, network, seq)
    WHERE wallet_id IS NULL;
-- The recent blocks the scanner has read, per network: the highest is its
-- cursor, and their hashes reveal a reorganisation.
CREATE TABLE chain_blocks (
    network TEXT NOT NULL,
    height  INTEGER NOT NULL,
    hash    TEXT NOT NULL,
    PRIMARY KEY (network, height)
) STRICT, WITHOUT ROWID;
-- Finding a chain deposit already recorded.
CREATE INDEX transactions_tx_hash ON transactions (tx_hash) WHERE tx_hash IS NOT NULL;

-- migration 7: durable replay guard
-- The signature of every signed mutating request, kept until its timestamp
-- would be refused as stale anyway, so that a restart (or kill -9) does not
-- open a window for replaying it. A change's signature is written in the
-- change's own transaction (docs/security.md, "Replay").
CREATE TABLE seen_signatures (
    signature  BLOB PRIMARY KEY,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX seen_signatures_expiry ON seen_signatures (expires_at);

-- migration 8: transfers to our addresses that no wallet may take
-- A coin or token sent to a live deposit address of a wallet of another asset
-- (USDC to an ETH wallet's address): never credited to the wrong wallet, kept
-- here for an operator to resolve (docs/evm.md, "Deposits").
CREATE TABLE unattributed_transfers (
    network      TEXT NOT NULL,
    tx_hash      TEXT NOT NULL,
    log_index    INTEGER NOT NULL,  -- -1 for the native value of a transaction
    asset_id     TEXT NOT NULL,
    to_address   TEXT NOT NULL,
    wallet_id    TEXT NOT NULL REFERENCES wallets (id),
    amount       TEXT NOT NULL,
    block_height INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (network, tx_hash, log_index)
) STRICT, WITHOUT ROWID;
CREATE INDEX unattributed_transfers_height ON unattributed_transfers (network, block_height);

-- migration 9: governance of approvers (who can approve, and with which credential)
-- A user may now wait for approval (a governed creation), and an activity may
-- be a change to who can approve (`user_change`). SQLite cannot alter a CHECK,
-- so both tables are rebuilt (the runner turns foreign keys off meanwhile and
-- checks them before committing).
CREATE TABLE users_new (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    name               TEXT NOT NULL,
    email              TEXT NOT NULL,
    role               TEXT NOT NULL CHECK (role IN ('admin', 'approver', 'auditor', 'viewer')),
    status             TEXT NOT NULL CHECK (status IN ('Active', 'Disabled', 'PendingApproval')),
    password_hash      TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    -- Where the console password was set: 'cli' (on the box) or 'api' (by
    -- whoever held the key, who therefore knows it). Only a 'cli' password
    -- decides live requests on the console.
    password_set_by    TEXT CHECK (password_set_by IN ('cli', 'api')),
    -- Since when the user has been an active approver or admin in their current
    -- role; NULL when they cannot approve. Only approvers older than a request
    -- decide it.
    approver_since     INTEGER,
    -- Bumped when the status, role or password changes: console sessions
    -- opened under an older value are ended.
    credential_version INTEGER NOT NULL DEFAULT 0,
    -- The open activity holding a change to this user, if any.
    activity_id        TEXT
) STRICT;
INSERT INTO users_new (id, tenant_id, name, email, role, status, password_hash, created_at,
                       updated_at, password_set_by, approver_since, credential_version, activity_id)
SELECT id, tenant_id, name, email, role, status, password_hash, created_at, updated_at,
       -- The API could only set a password at creation; the CLI audits its own.
       CASE WHEN password_hash IS NULL THEN NULL
            WHEN EXISTS (SELECT 1 FROM audit_log a
                          WHERE a.actor_type = 'cli' AND a.object_id = users.id
                            AND a.action IN ('user.create', 'user.password')) THEN 'cli'
            ELSE 'api' END,
       -- The last change is the latest the user can have become an approver.
       CASE WHEN status = 'Active' AND role IN ('approver', 'admin') THEN updated_at END,
       0, NULL
  FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE UNIQUE INDEX users_email ON users (tenant_id, email);
CREATE INDEX users_partition ON users (tenant_id, id);

CREATE TABLE activities_new (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    environment        TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    action             TEXT NOT NULL CHECK (action IN ('wallet_create', 'address_book_create',
                                                       'withdrawal', 'user_change',
                                                       'policy_change')),
    status             TEXT NOT NULL CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Expired')),
    initiator_type     TEXT NOT NULL CHECK (initiator_type IN ('ApiKey', 'User')),
    initiator_id       TEXT NOT NULL,
    initiator_name     TEXT NOT NULL,
    required_approvals INTEGER NOT NULL DEFAULT 0,
    policy_version     INTEGER,
    object_type        TEXT NOT NULL,
    object_id          TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    expires_at         INTEGER,
    approver_role      TEXT
) STRICT;
INSERT INTO activities_new (id, tenant_id, environment, action, status, initiator_type,
                            initiator_id, initiator_name, required_approvals, policy_version,
                            object_type, object_id, created_at, updated_at, expires_at, approver_role)
SELECT id, tenant_id, environment, action, status, initiator_type, initiator_id, initiator_name,
       required_approvals, policy_version, object_type, object_id, created_at, updated_at,
       expires_at, approver_role
  FROM activities;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
CREATE INDEX activities_partition ON activities (tenant_id, environment, id);
CREATE INDEX activities_pending ON activities (expires_at) WHERE status = 'Pending';

-- A change to a user held until its activity is decided: a creation (the
-- user waits as PendingApproval, and is removed if refused) or an update (the
-- fields to set; NULL keeps one). Kept afterwards as the record of what was
-- asked, so `user_id` may name a user who no longer exists.
CREATE TABLE user_changes (
    activity_id TEXT PRIMARY KEY REFERENCES activities (id),
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('create', 'update')),
    email       TEXT,
    name        TEXT,
    role        TEXT CHECK (role IN ('admin', 'approver', 'auditor', 'viewer')),
    status      TEXT CHECK (status IN ('Active', 'Disabled')),
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- How a key was bound to its user: at the CLI on the box ('cli') or through
-- the admin API ('admin_api'). Only a CLI binding casts votes on live requests.
ALTER TABLE api_keys ADD COLUMN bound_via TEXT CHECK (bound_via IN ('cli', 'admin_api'));
UPDATE api_keys
   SET bound_via = CASE WHEN EXISTS (SELECT 1 FROM audit_log a
                                      WHERE a.actor_type = 'cli' AND a.action = 'api_key.create'
                                        AND a.object_id = api_keys.id) THEN 'cli'
                        ELSE 'admin_api' END
 WHERE user_id IS NOT NULL;

-- migration 10: governed policy changes
-- A new live policy document, held while its `policy_change` activity waits
-- for the approvers of the policy in force (docs/security.md, "Who can approve").
CREATE TABLE policy_changes (
    activity_id TEXT PRIMARY KEY REFERENCES activities (id),
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- migration 11: deposit addresses derived from a tenant's account xpub
-- One account xpub (m/44'/60'/0') per tenant and EVM network, registered by
-- `coffer xpub set` or the admin API; live wallets take its external-chain
-- children 0/0, 0/1, … in order (docs/evm.md, "Deposit addresses").
CREATE TABLE tenant_xpubs (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    network     TEXT NOT NULL,
    xpub        TEXT NOT NULL,
    next_index  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, network)
) STRICT, WITHOUT ROWID;
-- The child index of an xpub-derived deposit address (the signer's
-- derivation path); NULL for sandbox and imported pool addresses.
ALTER TABLE deposit_addresses ADD COLUMN derivation_index INTEGER;

-- migration 12: rescans asked for by an operator
-- `coffer chain rescan --network N --from B` leaves a row here (the server
-- may be running); the network's scanner takes it on its next pass and reads
-- again from block B, recording what it had missed (docs/evm.md, "Operations").
CREATE TABLE chain_rescans (
    network    TEXT PRIMARY KEY,
    from_block INTEGER NOT NULL,
    asked_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- migration 13: counters kept by triggers, so /metrics never counts a table
-- Transactions by kind and status, webhook deliveries by status: kept in the
-- same transaction as every row change by the triggers below (docs/performance.md).
CREATE TABLE status_counts (
    subject TEXT NOT NULL CHECK (subject IN ('transaction', 'webhook_delivery')),
    kind    TEXT NOT NULL,  -- the transaction's kind; '' for deliveries
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (subject, kind, status)
) STRICT, WITHOUT ROWID;
INSERT INTO status_counts (subject, kind, status, n)
    SELECT 'transaction', kind, status, COUNT(*) FROM transactions GROUP BY kind, status;
INSERT INTO status_counts (subject, kind, status, n)
    SELECT 'webhook_delivery', '', status, COUNT(*) FROM webhook_deliveries GROUP BY status;
CREATE TRIGGER transactions_counted AFTER INSERT ON transactions BEGIN
    INSERT OR IGNORE INTO status_counts VALUES ('transaction', NEW.kind, NEW.status, 0);
    UPDATE status_counts SET n = n + 1
     WHERE subject = 'transaction' AND kind = NEW.kind AND status = NEW.status;
END;
CREATE TRIGGER transactions_recounted AFTER UPDATE OF status ON transactions
    WHEN OLD.status != NEW.status BEGIN
    UPDATE status_counts SET n = n - 1
     WHERE subject = 'transaction' AND kind = OLD.kind AND status = OLD.status;
    INSERT OR IGNORE INTO status_counts VALUES ('transaction', NEW.kind, NEW.status, 0);
    UPDATE status_counts SET n = n + 1
     WHERE subject = 'transaction' AND kind = NEW.kind AND status = NEW.status;
END;
CREATE TRIGGER transactions_uncounted AFTER DELETE ON transactions BEGIN
    UPDATE status_counts SET n = n - 1
     WHERE subject = 'transaction' AND kind = OLD.kind AND status = OLD.status;
END;
CREATE TRIGGER deliveries_counted AFTER INSERT ON webhook_deliveries BEGIN
    INSERT OR IGNORE INTO status_counts VALUES ('webhook_delivery', '', NEW.status, 0);
    UPDATE status_counts SET n = n + 1
     WHERE subject = 'webhook_delivery' AND kind = '' AND status = NEW.status;
END;
CREATE TRIGGER deliveries_recounted AFTER UPDATE OF status ON webhook_deliveries
    WHEN OLD.status != NEW.status BEGIN
    UPDATE status_counts SET n = n - 1
     WHERE subject = 'webhook_delivery' AND kind = '' AND status = OLD.status;
    INSERT OR IGNORE INTO status_counts VALUES ('webhook_delivery', '', NEW.status, 0);
    UPDATE status_counts SET n = n + 1
     WHERE subject = 'webhook_delivery' AND kind = '' AND status = NEW.status;
END;
CREATE TRIGGER deliveries_uncounted AFTER DELETE ON webhook_deliveries BEGIN
    UPDATE status_counts SET n = n - 1
     WHERE subject = 'webhook_delivery' AND kind = '' AND status = OLD.status;
END;

-- migration 14: retention
-- Pruning finished webhook deliveries finds their events' other deliveries.
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
-- Finished deliveries by age, for the pruning that finds them.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status != 'Pending';
-- A vault's transactions, each side walked newest first (the list filter).
CREATE INDEX transactions_source_vault ON transactions (source_vault_id, id);
CREATE INDEX transactions_destination_vault ON transactions (destination_vault_id, id);

-- migration 15: EVM signer requests (withdrawals, gas top-ups)
-- Every outgoing EVM transaction Coffer builds for the external signer
-- (docs/evm.md, "Withdrawals"): its fields as built, the signed raw transaction
-- once checked, and what the chain did with it. A replacement (same nonce,
-- higher fees) is a new row naming the one it `replaces`. The gas reservation
-- (gas × maxFeePerGas) is booked under the request's id.
CREATE TABLE signer_requests (
    id                       TEXT PRIMARY KEY,
    tenant_id                TEXT NOT NULL REFERENCES tenants (id),
    environment              TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    network                  TEXT NOT NULL,
    purpose                  TEXT NOT NULL CHECK (purpose IN ('withdrawal', 'gas_topup')),
    transaction_id           TEXT REFERENCES transactions (id),
    replaces                 TEXT REFERENCES signer_requests (id),
    status                   TEXT NOT NULL CHECK (status IN ('PendingSignature', 'Signed', 'Broadcast',
                                 'Mined', 'Reverted', 'Replaced', 'Cancelled')),
    chain_id                 INTEGER NOT NULL,
    from_address             TEXT NOT NULL,
    derivation_index         INTEGER,
    to_address               TEXT NOT NULL,
    value                    TEXT NOT NULL,
    data                     TEXT NOT NULL,
    nonce                    INTEGER NOT NULL,
    gas                      INTEGER NOT NULL,
    max_fee_per_gas          TEXT NOT NULL,
    max_priority_fee_per_gas TEXT NOT NULL,
    gas_reserved             TEXT NOT NULL,
    signed_payload           TEXT,
    tx_hash                  TEXT,
    broadcast_height         INTEGER,
    included_height          INTEGER,
    gas_charged              TEXT,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
) STRICT;
CREATE INDEX signer_requests_partition ON signer_requests (tenant_id, environment, id);
CREATE INDEX signer_requests_transaction ON signer_requests (transaction_id);
CREATE INDEX signer_requests_open ON signer_requests (network, from_address)
    WHERE status IN ('PendingSignature', 'Signed', 'Broadcast', 'Replaced');
CREATE UNIQUE INDEX signer_requests_tx_hash ON signer_requests (tx_hash) WHERE tx_hash IS NOT NULL;
-- Each tenant's gas station on a network: an address of the tenant's own
-- (never a deposit address) whose native coin pays for gas top-ups. Coin
-- sent to it is booked to the tenant's gas account.
CREATE TABLE gas_stations (
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    environment      TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    network          TEXT NOT NULL,
    address          TEXT NOT NULL,
    derivation_index INTEGER,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, environment, network)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX gas_stations_address ON gas_stations (network, address);

-- migration 16: a second factor for console decisions (docs/console.md, "Two-factor")
-- The TOTP secret is derived from the master key, the user id and `salt`, so
-- the database alone does not reveal it. `confirmed_at` NULL: enrolment begun,
-- not yet confirmed with a code. `last_step`: the 30-second step of the last
-- code accepted, so a code works once.
CREATE TABLE user_totp (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    salt         TEXT NOT NULL,
    confirmed_at INTEGER,
    last_step    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
) STRICT;

-- migration 17: webhook pick-up by endpoint
-- The dispatcher takes each endpoint's oldest due deliveries in one query,
-- skipping those a sender holds, within the index (docs/performance.md,
-- "Webhook delivery"). It replaces the index on due time alone.
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_endpoint_due
    ON webhook_deliveries (tenant_id, environment, next_attempt_at, id) WHERE status = 'Pending';

-- migration 18: ledger entries are read by `coffer verify` alone, in one pass
-- by id (src/store/verify.rs): the indexes by account and by journal cost
-- about 200 bytes a transfer and served no other query (docs/performance.md,
-- "Size").
DROP INDEX ledger_entries_account;
DROP INDEX ledger_entries_journal;

-- migration 19: how far a transaction's id runs ahead of its created_at
-- Ids are minted in the writer's job, a moment after the request read its
-- clock for created_at; a `createdTo` filter bounds the id index by that
-- moment. The largest gap seen is kept here, in the transaction that makes
-- it, so the bound is exact rather than a fixed minute of slack
-- (docs/performance.md, "One million transactions"). A database that
-- already holds transactions keeps the old minute: their gaps were not
-- measured.
CREATE TABLE transaction_id_lag (
    ms INTEGER NOT NULL
) STRICT;
INSERT INTO transaction_id_lag (ms)
    SELECT CASE WHEN EXISTS (SELECT 1 FROM transactions) THEN 60000 ELSE 0 END;

-- migration 20: a vault's transactions are its wallets' transactions
-- Every transaction with a vault on a side has that vault's wallet on the
-- same side, so a list by vault walks the wallet indexes, one per wallet
-- (src/store/transactions.rs). The two vault indexes cost about 185 bytes
-- and two B-tree writes per transfer (docs/performance.md, "Size").
DROP INDEX transactions_source_vault;
DROP INDEX transactions_destination_vault;

-- migration 21: an audit record's previous hash is read, not stored
-- It is the hash of the record before it in `seq`, one primary-key step
-- away (src/store/audit.rs); storing it again cost 65 bytes a record
-- (docs/performance.md, "Size"). Each hash still covers the one before.
ALTER TABLE audit_log DROP COLUMN prev_hash;
