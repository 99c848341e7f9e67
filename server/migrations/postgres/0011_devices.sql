-- Remembered devices (Cognito's device tracking): each key issued to a user at a sign-in,
-- its SRP verifier once the app confirmed it (ConfirmDevice, `salt:verifier` hex), and
-- whether it is remembered. A token family keeps the device it was issued to: its
-- refresh then needs that DEVICE_KEY.
CREATE TABLE devices (
    key TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    group_key TEXT NOT NULL,
    verifier TEXT,
    name TEXT,
    remembered BOOLEAN NOT NULL,
    last_ip TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_authenticated_at BIGINT
);

CREATE INDEX devices_by_user ON devices (user_sub, key);
CREATE INDEX devices_unconfirmed ON devices (created_at) WHERE verifier IS NULL;

ALTER TABLE token_families ADD COLUMN device_key TEXT;
-- A sign-in's second-factor step after a device's proof keeps the device too.
ALTER TABLE auth_sessions ADD COLUMN device_key TEXT;

-- A user's previous password hashes, for PasswordPolicy.PasswordHistorySize.
CREATE TABLE password_history (
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX password_history_by_user ON password_history (user_sub, created_at);
