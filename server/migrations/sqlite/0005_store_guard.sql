-- The store's identity and a count of its write transactions, both also recorded in the marker
-- file beside the store (`<file>.id`), so workerd can tell at start that the file is not the
-- store it last saw: emptied, replaced, or gone back in time (a lost -wal file, a restored copy).
CREATE TABLE store_guard (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    store_id TEXT NOT NULL,
    commits  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO store_guard (id, store_id) VALUES (1, lower(hex(randomblob(16))));
