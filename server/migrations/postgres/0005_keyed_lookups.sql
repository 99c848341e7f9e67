-- Every lookup of one user, and every filter ListUsers offers on Cognito's searchable
-- attributes, seeks an index instead of reading the pool's users (tests/api/query_plans.rs
-- checks each statement's plan), as migrations/sqlite/0019 does. The attribute indexes are
-- on the very expression the store's ListUsers compares (store/postgres: `attribute_value`),
-- bytewise (`COLLATE "C"`) so that a prefix is a range whatever the database's locale;
-- only users who have the attribute are in its index. `status` and `sub` get bytewise
-- indexes for the same reason.
CREATE INDEX users_by_status ON users (pool_id, (status COLLATE "C"), username_key);
CREATE INDEX users_by_enabled ON users (pool_id, enabled, username_key);
CREATE INDEX users_by_sub_bytes ON users ((sub COLLATE "C"));
CREATE INDEX users_by_email_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'email') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'email') IS NOT NULL;
CREATE INDEX users_by_phone_number_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'phone_number') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'phone_number') IS NOT NULL;
CREATE INDEX users_by_name_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'name') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'name') IS NOT NULL;
CREATE INDEX users_by_given_name_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'given_name') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'given_name') IS NOT NULL;
CREATE INDEX users_by_family_name_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'family_name') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'family_name') IS NOT NULL;
CREATE INDEX users_by_preferred_username_attribute
    ON users (pool_id, ((attributes::jsonb ->> 'preferred_username') COLLATE "C"), username_key)
    WHERE (attributes::jsonb ->> 'preferred_username') IS NOT NULL;

-- What deleting a user or a token family reaches through its foreign keys: without these,
-- each deletion reads the whole child table.
CREATE INDEX sessions_by_family ON sessions (family_id);
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_sub);
CREATE INDEX oauth_codes_by_user ON oauth_codes (user_sub);

-- The periodic purge deletes what expired without reading what has not.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX codes_by_expiry ON codes (expires_at);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at);
CREATE INDEX oauth_requests_by_expiry ON oauth_requests (expires_at);
CREATE INDEX oauth_codes_by_expiry ON oauth_codes (expires_at);
CREATE INDEX token_families_by_expiry ON token_families (expires_at);
CREATE INDEX federation_states_by_expiry ON federation_states (expires_at);
