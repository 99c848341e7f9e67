-- A sign-in waiting for a second factor: the tries it has left (5 wrong codes end it) and,
-- for a code sent by email, that code's salted hash.
ALTER TABLE auth_sessions ADD COLUMN tries_left INTEGER NOT NULL DEFAULT 5;
ALTER TABLE auth_sessions ADD COLUMN code_hash TEXT;
