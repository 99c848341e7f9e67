-- OAuth 2.0 authorization code flow (RFC 6749 §4.1 with PKCE, RFC 7636). A request is what
-- /oauth2/authorize was asked, waiting while the user signs in on the hosted pages; a code
-- is what the client exchanges at /oauth2/token. Both are kept as SHA-256 of their values.
CREATE TABLE oauth_requests (
    id_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    state TEXT,
    nonce TEXT,
    code_challenge TEXT,
    -- prompt=login / max_age: the sign-in must be at least this recent.
    auth_after INTEGER,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    code_challenge TEXT,
    auth_time INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- Set when exchanged; a second exchange finds it and revokes what the first issued.
    used_at INTEGER,
    family_id TEXT
) STRICT;
