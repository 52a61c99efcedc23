-- Multisport recordings (issue 15): a FIT file whose sessions change sport
-- (a triathlon: swim, transition, bike, transition, run) or a TCX
-- MultiSportSession is stored as one activity a leg, so that a run leg
-- counts as a run for load and pain. The legs of one recording share the
-- SHA-256 of the file they came from and are numbered from 0 in time
-- order; a single activity has neither. Portable SQL.
ALTER TABLE activities ADD COLUMN multisport_sha256 TEXT
    CHECK (multisport_sha256 IS NULL OR length(multisport_sha256) = 64);
ALTER TABLE activities ADD COLUMN multisport_leg INTEGER
    CHECK (multisport_leg IS NULL OR multisport_leg >= 0);
CREATE INDEX activities_multisport ON activities (multisport_sha256);

-- How an activity's sport is known (issue 15): named by the file, inferred
-- from speed and cadence for a file that names none (GPX without <type>),
-- or set by the runner with `backstride edit ACTIVITY --sport ...`. When
-- two copies of one activity meet, the better-known sport stays.
ALTER TABLE activities ADD COLUMN sport_source TEXT NOT NULL DEFAULT 'file'
    CHECK (sport_source IN ('file', 'inferred', 'runner'));
