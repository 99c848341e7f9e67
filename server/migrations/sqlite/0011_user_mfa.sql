-- A user's second factors: an authenticator app's secret (base32; pending until a first
-- code verifies it), the last time step a code was accepted for (a code is never accepted
-- twice), whether email codes are on, and which factor is preferred.
CREATE TABLE user_mfa (
    user_sub TEXT PRIMARY KEY NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    totp_secret TEXT,
    totp_verified INTEGER NOT NULL DEFAULT 0,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    totp_device TEXT,
    email_enabled INTEGER NOT NULL DEFAULT 0,
    preferred TEXT
) STRICT;
