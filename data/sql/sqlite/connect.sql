-- connect.sql - settings for every new SQLite connection, run by
-- src/store/sqlite/sqlite.c before anything else.
--
-- Wait up to five seconds for another process's write transaction
-- rather than fail at once with "database is locked". First: switching a
-- new file to WAL below needs the lock too, and several servers may open
-- a new database at once (tests/unit/test-store.c, concurrent open).
PRAGMA busy_timeout = 5000;
-- Foreign keys are off by default in SQLite and are per connection.
PRAGMA foreign_keys = ON;
-- Readers do not block the writer, nor the writer readers.
PRAGMA journal_mode = WAL;
-- In WAL mode NORMAL loses no integrity on power loss, only perhaps the
-- last transactions, and saves an fsync per commit.
PRAGMA synchronous = NORMAL;
-- A 64 MiB page cache (the default is 2 MiB): a month's returns for a
-- large organisation touch tens of thousands of index pages, and re-reading
-- them from the file doubled the time to record them.
PRAGMA cache_size = -65536;
