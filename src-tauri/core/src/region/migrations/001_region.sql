-- A regional collation (issue 17). Never edit once released: add 002.
CREATE TABLE region (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL,
    name TEXT NOT NULL,
    year TEXT NOT NULL,
    authors TEXT NOT NULL DEFAULT '',
    introduction TEXT NOT NULL DEFAULT '',
    methodology TEXT NOT NULL DEFAULT '',
    conclusion TEXT NOT NULL DEFAULT ''
);

-- One local report per partnership, with the canonical content it was
-- collated from (the signed content, or a draft's).
CREATE TABLE input (
    id INTEGER PRIMARY KEY,
    partnership TEXT NOT NULL,
    partnership_key TEXT NOT NULL UNIQUE,
    source_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 's11', 'json')),
    signer TEXT NOT NULL DEFAULT '',
    certificate_sha256 TEXT NOT NULL DEFAULT '',
    signed_at TEXT NOT NULL DEFAULT '',
    draft INTEGER NOT NULL CHECK (draft IN (0, 1)),
    digest TEXT NOT NULL,
    canonical TEXT NOT NULL,
    added_at TEXT NOT NULL,
    verification TEXT NOT NULL DEFAULT ''
);

-- The lead's matches of a partnership's theme to a regional theme, both
-- by normalised title.
CREATE TABLE theme_match (
    partnership_key TEXT NOT NULL,
    local_theme TEXT NOT NULL,
    regional TEXT NOT NULL,
    PRIMARY KEY (partnership_key, local_theme)
);

CREATE TABLE theme_summary (
    theme_key TEXT PRIMARY KEY,
    strengths TEXT NOT NULL DEFAULT '',
    development TEXT NOT NULL DEFAULT ''
);

CREATE TABLE quote (
    id INTEGER PRIMARY KEY,
    theme_key TEXT NOT NULL,
    partnership_key TEXT NOT NULL,
    organisation TEXT NOT NULL,
    passage TEXT NOT NULL,
    position INTEGER NOT NULL
);
