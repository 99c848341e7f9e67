-- Identity providers (Cognito's): an external OpenID Connect provider or a social preset
-- (Google, Facebook, LoginWithAmazon, SignInWithApple) whose users sign in to the pool.
-- `details` is Cognito's ProviderDetails as JSON (with the client secret; never logged);
-- SAML will be another `kind` of the same row.
CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    -- JSON: {"email": "email", …}: pool attribute → the provider's attribute.
    attribute_mapping TEXT NOT NULL,
    -- JSON: ["corp.example", …]: other names `idp_identifier=` may use.
    identifiers TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
) STRICT;

-- External identities and the pool user each signs in as: the user a first sign-in
-- created, or an existing user an administrator linked (AdminLinkProviderForUser).
CREATE TABLE user_identities (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, provider_name, provider_user_id)
) STRICT;

CREATE INDEX user_identities_by_user ON user_identities (user_sub);

-- Federated sign-ins waiting for the provider's answer, by their `state`'s SHA-256; taken
-- (deleted) when the answer comes, so a replayed answer finds nothing.
CREATE TABLE federation_states (
    state_hash TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    request_hash TEXT,
    next TEXT,
    expires_at INTEGER NOT NULL
) STRICT;
