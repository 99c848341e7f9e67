-- The phone number as a sign-in name (Cognito's UsernameAttributes or AliasAttributes naming
-- phone_number): its folded form while it signs the user in, unique per pool, and the rule
-- the user began with.
ALTER TABLE users ADD COLUMN phone_key TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN phone_sign_in TEXT NOT NULL DEFAULT 'no'
    CHECK (phone_sign_in IN ('no', 'when_verified', 'as_username'));
CREATE UNIQUE INDEX users_by_phone ON users (pool_id, phone_key) WHERE phone_key IS NOT NULL;
