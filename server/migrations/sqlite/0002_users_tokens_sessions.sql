-- Users, their one-time codes, refresh-token families, hosted-page sessions, the pools'
-- signing keys and the demo API's notes.

CREATE TABLE users (
    sub TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    -- As the user typed it; `username_key` is the case-folded form that must be unique.
    username TEXT NOT NULL,
    username_key TEXT NOT NULL,
    -- The case-folded email once verified: a sign-in alias, unique per pool (Cognito
    -- allows the same unverified email on several accounts).
    email_key TEXT,
    password_hash TEXT,
    status TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX users_by_username ON users (pool_id, username_key);
CREATE UNIQUE INDEX users_by_email ON users (pool_id, email_key) WHERE email_key IS NOT NULL;

-- At most one live code per user and purpose: issuing a new one replaces the old.
CREATE TABLE codes (
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    -- Salted hash of the code; the code itself is only ever in the email.
    code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    tries_left INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_sub, purpose)
) STRICT;

-- One family per sign-in (its id is the tokens' `origin_jti`); revoking it rejects every
-- token it issued.
CREATE TABLE token_families (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque refresh token.
    refresh_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;

CREATE INDEX token_families_by_user ON token_families (user_sub);

-- Hosted-page sessions; the cookie holds a random id, the table its SHA-256.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    private_pkcs8 BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX signing_keys_by_pool ON signing_keys (pool_id, created_at);

-- The demo protected API's items, owned by a token's `sub`.
CREATE TABLE demo_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id TEXT NOT NULL,
    owner_sub TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX demo_notes_by_owner ON demo_notes (pool_id, owner_sub, id);
