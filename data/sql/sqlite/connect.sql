-- connect.sql - settings for every new SQLite connection, run by
-- src/store/sqlite/sqlite.c before anything else.
--
-- Foreign keys are off by default in SQLite and are per connection.
PRAGMA foreign_keys = ON;
-- Readers do not block the writer, nor the writer readers.
PRAGMA journal_mode = WAL;
-- Wait up to five seconds for another process's write transaction
-- rather than fail at once with "database is locked".
PRAGMA busy_timeout = 5000;
-- In WAL mode NORMAL loses no integrity on power loss, only perhaps the
-- last transactions, and saves an fsync per commit.
PRAGMA synchronous = NORMAL;
