-- Heart rate as the load analysis reads it (issue 11): for each activity
-- with samples, the seconds spent at each whole bpm, one small blob (layout
-- in src/samples/heart_rate.rs), so insights reads every activity's heart
-- rate in one query instead of decoding each sample blob. Written with the
-- samples at import; for activities imported before this table existed
-- (or under an older layout), the store fills it from the sample blobs
-- when it opens, in one transaction. Portable SQL: the PostgreSQL twin
-- differs only in BYTEA for BLOB.
CREATE TABLE activity_heart_rate (
    activity_id BIGINT  PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    layout      INTEGER NOT NULL,
    seconds     BLOB    NOT NULL
);
