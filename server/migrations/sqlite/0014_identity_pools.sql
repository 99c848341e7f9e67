-- Identity pools (Cognito Identity): their rules as one JSON document (which user pool
-- clients they take, guests, the classic flow, tags), so new rules need no migration.
CREATE TABLE identity_pools (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
