-- The runner's settings (issue 14 item 6), entered with `backstride
-- profile set`: maximum and resting heart rate, easy pace, the heart-rate
-- zone boundaries, run days, the long-run day, units and time zone. One
-- row (id 1), updated in place; a NULL column is "not set", and the
-- analyses estimate or assume it as before. `backstride profile unset`
-- writes NULL. Portable SQL: the PostgreSQL twin would be the same table.
CREATE TABLE profile (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    max_hr             INTEGER CHECK (max_hr IS NULL OR max_hr BETWEEN 100 AND 230),
    resting_hr         INTEGER CHECK (resting_hr IS NULL OR resting_hr BETWEEN 25 AND 120),
    easy_pace_s_per_km DOUBLE PRECISION CHECK (easy_pace_s_per_km IS NULL OR (easy_pace_s_per_km >= 150 AND easy_pace_s_per_km <= 1200)),
    -- The lowest heart rate of zones 2 to 5, bpm, rising: '120,140,155,170'.
    zone_bounds        TEXT,
    -- Weekdays, Monday first: 'mon,wed,fri,sun'.
    run_days           TEXT,
    long_run_day       TEXT CHECK (long_run_day IS NULL OR long_run_day IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    units              TEXT CHECK (units IS NULL OR units IN ('km', 'mi')),
    -- An IANA name, 'Europe/Berlin'; the app checks it exists.
    time_zone          TEXT CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64),
    set_ms             BIGINT NOT NULL
);
