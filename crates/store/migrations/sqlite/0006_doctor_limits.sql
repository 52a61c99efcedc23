-- Limits a doctor set on paper (issue 12: the hand-filled section of the
-- clinician report), entered with `backstride limits`. Every entry is kept
-- with the time it was set; the latest row is the one in force, and a row
-- with every limit NULL means "no limits" (`limits --clear`). The planner
-- obeys the stricter of these and the answers file's [doctor] table.
-- Portable SQL: the PostgreSQL twin differs only in the id column.
CREATE TABLE doctor_limits (
    id            INTEGER PRIMARY KEY,
    weekly_km     DOUBLE PRECISION CHECK (weekly_km IS NULL OR (weekly_km >= 0 AND weekly_km <= 300)),
    max_intensity TEXT    CHECK (max_intensity IS NULL OR max_intensity IN ('easy', 'moderate', 'hard')),
    runs_per_week INTEGER CHECK (runs_per_week IS NULL OR runs_per_week BETWEEN 0 AND 7),
    brace         INTEGER CHECK (brace IS NULL OR brace IN (0, 1)),
    follow_up     TEXT    CHECK (follow_up IS NULL OR length(follow_up) = 10),
    set_ms        BIGINT  NOT NULL
);
CREATE INDEX doctor_limits_set ON doctor_limits (set_ms, id);
