-- Attempt counters (failed passwords, wrong codes, codes sent), kept in the store so that
-- every node sharing it sees one count. `key` is a SHA-256 of what is counted (a user, an
-- unknown username, an address), never the name itself. A counter whose window has ended
-- counts from zero again; the purge deletes it.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY NOT NULL,
    count INTEGER NOT NULL,
    window_end INTEGER NOT NULL,
    last_at INTEGER NOT NULL
) STRICT;
CREATE INDEX throttles_by_window_end ON throttles (window_end);
