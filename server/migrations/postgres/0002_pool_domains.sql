-- User-pool domains (Cognito's CreateUserPoolDomain): a prefix domain and a custom domain
-- (with its certificate) per pool at most; a domain name belongs to one pool.
CREATE TABLE pool_domains (
    domain TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    -- 'prefix' or 'custom'
    kind TEXT NOT NULL,
    certificate_arn TEXT,
    managed_login_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (pool_id, kind)
);
