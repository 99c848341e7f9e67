-- Sign-ins waiting for a challenge's answer (Cognito's `Session`), such as a new password
-- for a user with a temporary one. The table keeps the SHA-256 of the session value.
CREATE TABLE auth_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    challenge TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
