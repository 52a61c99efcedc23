-- Session effort (issue 4): the runner's rating of a whole activity on
-- Foster's CR-10 scale, 0-10 in whole numbers, for session-RPE load when
-- the activity has no heart rate. Every log is kept (history and export
-- show them all); the one logged last (highest id) is the activity's RPE,
-- so a later log corrects an earlier one. An RPE means nothing without its
-- activity, so it goes with it (the link is required, unlike pain and
-- brace entries, which outlive their run). Portable SQL: the PostgreSQL
-- twin differs only in the id column.
CREATE TABLE rpe_entries (
    id          INTEGER PRIMARY KEY,
    activity_id BIGINT  NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    rpe         INTEGER NOT NULL CHECK (rpe BETWEEN 0 AND 10),
    note        TEXT,
    at_ms       BIGINT  NOT NULL
);
CREATE INDEX rpe_entries_at ON rpe_entries (at_ms);
CREATE INDEX rpe_entries_activity ON rpe_entries (activity_id, id);
