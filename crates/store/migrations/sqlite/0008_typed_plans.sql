-- Plans and assessments as typed records (issue 11). Until now a plan or an
-- assessment row held the rendered report JSON, which the app read back by
-- walking it. From this change `body` holds a typed record (the serde
-- types in src/saved/, versioned by `layout`), and the report JSON is an
-- output format only.
--
-- `layout`: NULL for answers (TOML, as the app wrote them) and for a plan
-- or assessment saved before this change that has not been converted yet;
-- 0 for such a row that could not be converted (kept as it is, readable as
-- legacy text); 1 and up for a typed record of that layout.
-- `legacy_body`: the report JSON a converted row held, kept word for word.
--
-- The conversion is Rust (src/saved/legacy.rs), run when the store opens,
-- in one transaction; a reader meeting a row not converted yet (a database
-- opened read-only) converts it on the fly. Portable SQL: the PostgreSQL
-- twin is the same.
ALTER TABLE documents ADD COLUMN layout INTEGER
    CHECK (layout IS NULL OR (kind IN ('assessment', 'plan') AND layout >= 0));
ALTER TABLE documents ADD COLUMN legacy_body TEXT;
