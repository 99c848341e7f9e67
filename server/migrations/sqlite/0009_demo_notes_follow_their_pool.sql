-- The demo's notes are the demo resource server's own table: the user-pool store never
-- names it. A deleted pool still takes its users' notes with it, as before.
CREATE TRIGGER demo_notes_go_with_their_pool AFTER DELETE ON user_pools
BEGIN
    DELETE FROM demo_notes WHERE pool_id = OLD.id;
END;
