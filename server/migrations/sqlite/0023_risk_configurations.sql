-- Threat protection's risk configurations (Cognito's SetRiskConfiguration): the pool's
-- (client_id '') and each app client's own, which replaces the pool's for that client.
-- `settings` is the configuration as JSON (compromised credentials, account takeover,
-- IP range exceptions).
CREATE TABLE risk_configurations (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, client_id)
) STRICT;
