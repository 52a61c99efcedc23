-- Safety (issue 10). Two things the red-flag rule needs to know:
--
-- 1. When each log entry was TOLD (logged_ms), not only the moment it
--    describes (at_ms): a note written today about last week still stops
--    the plan if it came after the latest red-flag check. Rows from before
--    this migration were told, as far as anyone can know, when they say.
-- 2. The red-flag checks themselves: `backstride assess` (every asked
--    question, complete = true), `backstride check`, and the questions
--    `backstride log` asks at once about a note. Each answer is one row of
--    red_flag_check_answers; `item` is a red flag's ID, or `severe-pain`.
--
-- Portable SQL: the PostgreSQL twin differs only in the id columns.
ALTER TABLE pain_entries ADD COLUMN logged_ms BIGINT NOT NULL DEFAULT 0;
UPDATE pain_entries SET logged_ms = at_ms;
ALTER TABLE routine_entries ADD COLUMN logged_ms BIGINT NOT NULL DEFAULT 0;
UPDATE routine_entries SET logged_ms = at_ms;
ALTER TABLE cross_training_entries ADD COLUMN logged_ms BIGINT NOT NULL DEFAULT 0;
UPDATE cross_training_entries SET logged_ms = at_ms;
ALTER TABLE brace_entries ADD COLUMN logged_ms BIGINT NOT NULL DEFAULT 0;
UPDATE brace_entries SET logged_ms = at_ms;
ALTER TABLE rpe_entries ADD COLUMN logged_ms BIGINT NOT NULL DEFAULT 0;
UPDATE rpe_entries SET logged_ms = at_ms;

CREATE TABLE red_flag_checks (
    id       INTEGER PRIMARY KEY,
    at_ms    BIGINT  NOT NULL,
    complete BOOLEAN NOT NULL,
    source   TEXT    NOT NULL CHECK (source IN ('assess', 'check', 'log'))
);
CREATE INDEX red_flag_checks_at ON red_flag_checks (at_ms);

CREATE TABLE red_flag_check_answers (
    check_id BIGINT  NOT NULL REFERENCES red_flag_checks (id) ON DELETE CASCADE,
    item     TEXT    NOT NULL CHECK (length(item) BETWEEN 1 AND 64),
    yes      BOOLEAN NOT NULL,
    PRIMARY KEY (check_id, item)
);
