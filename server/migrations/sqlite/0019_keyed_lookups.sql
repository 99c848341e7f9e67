-- Every lookup of one user, and every filter ListUsers offers on Cognito's searchable
-- attributes, seeks an index instead of reading the pool's users (tests/api/query_plans.rs
-- checks each statement's plan). The attribute indexes are on the very expression the
-- store's ListUsers compares (store/sqlite: `attribute_value`), so they follow the
-- attributes' JSON with nothing to keep in step; only users who have the attribute are in
-- its index.
CREATE INDEX users_by_status ON users (pool_id, status, username_key);
CREATE INDEX users_by_enabled ON users (pool_id, enabled, username_key);
CREATE INDEX users_by_email_attribute
    ON users (pool_id, json_extract(attributes, '$.email'), username_key)
    WHERE json_extract(attributes, '$.email') IS NOT NULL;
CREATE INDEX users_by_phone_number_attribute
    ON users (pool_id, json_extract(attributes, '$.phone_number'), username_key)
    WHERE json_extract(attributes, '$.phone_number') IS NOT NULL;
CREATE INDEX users_by_name_attribute
    ON users (pool_id, json_extract(attributes, '$.name'), username_key)
    WHERE json_extract(attributes, '$.name') IS NOT NULL;
CREATE INDEX users_by_given_name_attribute
    ON users (pool_id, json_extract(attributes, '$.given_name'), username_key)
    WHERE json_extract(attributes, '$.given_name') IS NOT NULL;
CREATE INDEX users_by_family_name_attribute
    ON users (pool_id, json_extract(attributes, '$.family_name'), username_key)
    WHERE json_extract(attributes, '$.family_name') IS NOT NULL;
CREATE INDEX users_by_preferred_username_attribute
    ON users (pool_id, json_extract(attributes, '$.preferred_username'), username_key)
    WHERE json_extract(attributes, '$.preferred_username') IS NOT NULL;

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
