-- Cognate's schema on PostgreSQL: the same tables and columns as the SQLite migrations
-- (migrations/sqlite/0001…0015) reach, in PostgreSQL's types (BIGINT seconds, BOOLEAN
-- flags, BYTEA keys). tests/api/postgres.rs checks that both schemas hold the same
-- columns, so a SQLite migration without its PostgreSQL twin fails the tests. Text that
-- lists are ordered by is `COLLATE "C"`: bytewise, as SQLite orders it, whatever the
-- database's locale, so both stores page and sort alike.

CREATE TABLE user_pools (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE app_clients (
    id TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Kept as issued: Cognito returns it, and SECRET_HASH is an HMAC keyed with it.
    secret TEXT,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX app_clients_by_pool ON app_clients (pool_id, created_at);

CREATE TABLE installation (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    sub TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    -- As the user typed it; `username_key` is the case-folded form that must be unique.
    username TEXT NOT NULL,
    username_key TEXT COLLATE "C" NOT NULL,
    -- The case-folded email once verified: a sign-in alias, unique per pool.
    email_key TEXT,
    password_hash TEXT,
    status TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    attributes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    srp_verifier TEXT,
    email_sign_in TEXT NOT NULL DEFAULT 'when_verified'
        CHECK (email_sign_in IN ('no', 'when_verified', 'as_username'))
);
CREATE UNIQUE INDEX users_by_username ON users (pool_id, username_key);
CREATE UNIQUE INDEX users_by_email ON users (pool_id, email_key) WHERE email_key IS NOT NULL;

CREATE TABLE codes (
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    -- Salted hash of the code; the code itself is only ever in the email.
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    tries_left BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_sub, purpose)
);

CREATE TABLE token_families (
    id TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque refresh token.
    refresh_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    auth_time BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX token_families_by_user ON token_families (user_sub);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE signing_keys (
    kid TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    private_pkcs8 BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX signing_keys_by_pool ON signing_keys (pool_id, created_at);

-- The demo protected API's items, owned by a token's `sub`.
CREATE TABLE demo_notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_id TEXT NOT NULL,
    owner_sub TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX demo_notes_by_owner ON demo_notes (pool_id, owner_sub, id);

CREATE FUNCTION demo_notes_go_with_their_pool() RETURNS trigger AS $$
BEGIN
    DELETE FROM demo_notes WHERE pool_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER demo_notes_go_with_their_pool AFTER DELETE ON user_pools
    FOR EACH ROW EXECUTE FUNCTION demo_notes_go_with_their_pool();

CREATE TABLE user_groups (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT COLLATE "C" NOT NULL,
    description TEXT,
    precedence BIGINT,
    role_arn TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, group_name, user_sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES user_groups (pool_id, name) ON DELETE CASCADE
);
CREATE INDEX group_members_by_user ON group_members (user_sub);

CREATE TABLE auth_sessions (
    id_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    challenge TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    srp_key BYTEA,
    tries_left BIGINT NOT NULL DEFAULT 5,
    code_hash TEXT
);

CREATE TABLE oauth_requests (
    id_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    state TEXT,
    nonce TEXT,
    code_challenge TEXT,
    -- prompt=login / max_age: the sign-in must be at least this recent.
    auth_after BIGINT,
    expires_at BIGINT NOT NULL
);

CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    code_challenge TEXT,
    auth_time BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Set when exchanged; a second exchange finds it and revokes what the first issued.
    used_at BIGINT,
    family_id TEXT
);

CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    identifier TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    -- JSON: [{"name": "...", "description": "..."}]
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
);

CREATE TABLE throttles (
    key TEXT PRIMARY KEY,
    count BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);
CREATE INDEX throttles_by_window_end ON throttles (window_end);

CREATE TABLE user_mfa (
    user_sub TEXT PRIMARY KEY REFERENCES users (sub) ON DELETE CASCADE,
    totp_secret TEXT,
    totp_verified BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    totp_device TEXT,
    email_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    preferred TEXT
);

CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    -- JSON: {"email": "email", …}: pool attribute → the provider's attribute.
    attribute_mapping TEXT NOT NULL,
    -- JSON: ["corp.example", …]: other names `idp_identifier=` may use.
    identifiers TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE user_identities (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    provider_name TEXT COLLATE "C" NOT NULL,
    provider_user_id TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, provider_user_id)
);
CREATE INDEX user_identities_by_user ON user_identities (user_sub);

CREATE TABLE federation_states (
    state_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    request_hash TEXT,
    next TEXT,
    expires_at BIGINT NOT NULL
);

CREATE TABLE identity_pools (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE identities (
    id TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES identity_pools (id) ON DELETE CASCADE,
    provider TEXT,
    subject TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX identities_by_login ON identities (pool_id, provider, subject)
    WHERE provider IS NOT NULL;
CREATE INDEX identities_by_pool ON identities (pool_id, id);

CREATE TABLE identity_signing_keys (
    kid TEXT COLLATE "C" PRIMARY KEY,
    private_pkcs8 BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
