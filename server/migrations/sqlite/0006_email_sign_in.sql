-- Pools now choose how the email signs in (Cognito's AliasAttributes / UsernameAttributes,
-- fixed when a pool is created). Each user keeps its pool's rule, so the store can key the
-- email (`email_key`) without reading the pool. Every user before this had the alias rule.
ALTER TABLE users ADD COLUMN email_sign_in TEXT NOT NULL DEFAULT 'when_verified'
    CHECK (email_sign_in IN ('no', 'when_verified', 'as_username'));
