-- User pools and their app clients. Settings that only the domain reads are one JSON
-- document per row, so adding a setting needs no migration.
CREATE TABLE user_pools (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE app_clients (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Kept as issued: Cognito returns it, and SECRET_HASH is an HMAC keyed with it.
    secret TEXT,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX app_clients_by_pool ON app_clients (pool_id, created_at);

-- Facts about this installation, such as which pool and client are the default.
CREATE TABLE installation (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
