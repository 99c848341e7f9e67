-- A custom sign-in (CUSTOM_AUTH) keeps its triggers' state between challenges: the
-- challenges answered so far and the waiting one's private parameters, as JSON.
ALTER TABLE auth_sessions ADD COLUMN custom_state TEXT;
