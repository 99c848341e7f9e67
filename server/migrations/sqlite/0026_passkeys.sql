-- Users' passkeys (WebAuthn credentials): the credential ID (base64url), the relying party
-- it was made for, the public key with what registration found (the ceremony library's
-- credential record, JSON), the authenticator's signature counter, how the browser reaches
-- it (JSON list), its name and times, and whether a counter that went back flagged it.
CREATE TABLE passkeys (
    id TEXT NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    relying_party_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    sign_count INTEGER NOT NULL,
    transports TEXT NOT NULL,
    attachment TEXT,
    name TEXT,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    flagged INTEGER NOT NULL,
    PRIMARY KEY (pool_id, id)
) STRICT;

CREATE INDEX passkeys_by_user ON passkeys (user_sub, created_at);

-- A passkey sign-in that names no user yet (the hosted page's, with the browser's passkey
-- autofill): its ceremony's state until the assertion says whose passkey it is.
CREATE TABLE passkey_challenges (
    id_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
