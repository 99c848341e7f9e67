-- How an app client's hosted pages look.
--
-- Its managed-login branding style (Cognito's ManagedLoginBranding): one a client, with
-- the settings document as given (JSON) and the list of its assets without their bytes
-- (JSON: category, colour mode, type, digest), which is all a page needs to render.
CREATE TABLE brandings (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE REFERENCES app_clients (id) ON DELETE CASCADE,
    cognito_values INTEGER NOT NULL,
    settings TEXT NOT NULL,
    assets TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- A style's image files, one a category and colour mode.
CREATE TABLE branding_assets (
    branding_id TEXT NOT NULL REFERENCES brandings (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    color_mode TEXT NOT NULL,
    extension TEXT NOT NULL,
    resource_id TEXT,
    bytes BLOB NOT NULL,
    PRIMARY KEY (branding_id, category, color_mode)
) STRICT;

-- The classic hosted UI's customization (SetUICustomization): the pool's (client_id '')
-- and each app client's own. The CSS was checked against the allowed classes.
CREATE TABLE ui_customizations (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    css TEXT,
    image_extension TEXT,
    image_digest TEXT,
    image BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, client_id)
) STRICT;

-- Terms documents (CreateTerms): links per language, one set of each name a client.
CREATE TABLE terms (
    id TEXT PRIMARY KEY NOT NULL,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL REFERENCES app_clients (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    links TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (client_id, name)
) STRICT;

CREATE INDEX terms_by_pool ON terms (pool_id, id);
