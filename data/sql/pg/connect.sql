-- connect.sql - settings for every new PostgreSQL connection, run by
-- src/store/pg/pg.c before anything else (and again after a reconnect).
--
-- Text goes both ways as UTF-8, whatever the server's default.
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
-- Notices (e.g. "relation already exists, skipping") are not folio's
-- business to show; warnings and errors still come back.
SET client_min_messages = warning;
-- Reals come back with every digit needed to read back the same double,
-- as SQLite gives them (shortest exact form on PostgreSQL 12 and later).
SET extra_float_digits = 3;
-- Wait up to thirty seconds for another server's write transaction (the
-- store's advisory lock, records.sql tx.begin_write) rather than fail at
-- once. Longer than SQLite's five seconds: with several servers on one
-- database a bulk import by one of them is the common case to wait for.
SET lock_timeout = '30s';
-- Each statement sees what was committed before it began; write
-- transactions are serialised by the advisory lock instead.
SET default_transaction_isolation = 'read committed';
