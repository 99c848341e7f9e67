-- Groups of a pool's users (Cognito's groups); members' tokens carry `cognito:groups`.
CREATE TABLE user_groups (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    precedence INTEGER,
    role_arn TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
) STRICT;

CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    user_sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, group_name, user_sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES user_groups (pool_id, name) ON DELETE CASCADE
) STRICT;

CREATE INDEX group_members_by_user ON group_members (user_sub);
