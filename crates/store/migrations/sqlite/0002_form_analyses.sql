-- Running form analyses (issue 5), one row per analysed run. The body is
-- the app's JSON report, kept as written; signals are the form.* signals
-- its findings raised (comma-separated, possibly empty), so the assessment
-- can use them without parsing the body. Portable SQL: the PostgreSQL twin
-- differs only in the id column.
CREATE TABLE form_analyses (
    id          INTEGER PRIMARY KEY,
    run_date    TEXT    NOT NULL CHECK (length(run_date) = 10),
    source      TEXT    NOT NULL CHECK (length(source) > 0),
    body        TEXT    NOT NULL CHECK (length(body) > 0),
    signals     TEXT    NOT NULL,
    findings    INTEGER NOT NULL CHECK (findings >= 0),
    created_ms  BIGINT  NOT NULL
);
CREATE INDEX form_analyses_run_date ON form_analyses (run_date, created_ms);
