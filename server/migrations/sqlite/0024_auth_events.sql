-- Threat protection's auth events (Cognito's AdminListUserAuthEvents): each sign-in,
-- sign-up, password change, reset and code resend of a user, in a pool with threat
-- protection on. `details` is JSON (risk, challenges, context, feedback); `ip` is kept
-- apart for the count of users seen from one address.
CREATE TABLE auth_events (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    response TEXT NOT NULL,
    ip TEXT,
    details TEXT NOT NULL,
    feedback_token_hash TEXT
) STRICT;

CREATE INDEX auth_events_by_user ON auth_events (user_sub, created_at, id);
CREATE INDEX auth_events_by_address ON auth_events (pool_id, ip, created_at);
CREATE INDEX auth_events_by_age ON auth_events (created_at);
