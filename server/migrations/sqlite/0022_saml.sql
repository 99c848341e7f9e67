-- SAML federation. Each pool has its own keys as a service provider: `signing` signs its
-- authentication and logout requests (GetSigningCertificate is its certificate),
-- `encryption` is what identity providers with EncryptedResponses encrypt to.
CREATE TABLE saml_keys (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    kid TEXT NOT NULL,
    private_pkcs8 BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, purpose)
) STRICT;

-- Assertions accepted, by the SHA-256 of their issuer and ID, until they expire: a
-- replayed response finds its assertion here (whichever node it reaches).
CREATE TABLE saml_assertions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX saml_assertions_by_expiry ON saml_assertions (expires_at);

-- A hosted session begun by a SAML provider's assertion keeps who it named (JSON: the
-- provider, NameID and SessionIndex), so signing out can ask that provider to sign them out.
ALTER TABLE sessions ADD COLUMN saml TEXT;
