-- USER_SRP_AUTH: each password's SRP verifier (`salt:verifier`, hex), set with its hash;
-- NULL until the password is next set or used. A PASSWORD_VERIFIER challenge keeps the key
-- the client's claim must be signed with until it is answered or expires.
ALTER TABLE users ADD COLUMN srp_verifier TEXT;
ALTER TABLE auth_sessions ADD COLUMN srp_key BLOB;
