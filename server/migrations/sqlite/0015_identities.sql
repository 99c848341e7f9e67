-- Identity pools' identities: a guest's (no login), or one per (pool, provider, user sub);
-- and the signing keys of Cognate's identity token issuer (<public_url>/identity).
CREATE TABLE identities (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES identity_pools (id) ON DELETE CASCADE,
    provider TEXT,
    subject TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX identities_by_login ON identities (pool_id, provider, subject)
    WHERE provider IS NOT NULL;
CREATE INDEX identities_by_pool ON identities (pool_id, id);

CREATE TABLE identity_signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    private_pkcs8 BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
