-- Resource servers (Cognito's): an API's identifier and the custom scopes app clients may
-- be granted as `<identifier>/<scope>`, e.g. through client_credentials.
CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    -- JSON: [{"name": "...", "description": "..."}]
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, identifier)
) STRICT;
