-- The public satisfaction survey (IKM, PermenPANRB 14/2017); docs/survey.md.
--
-- survey_instrument: one questionnaire as data, stored once per code and
-- version as its canonical JSON with that text's SHA-256, like a rulebook:
-- never changed, never removed; a change is a new version.
--
-- survey_cycle, survey_unit: the instrument a cycle or a unit chooses. A
-- unit's own choice wins over the choice of the cycle it takes part in;
-- with neither, the newest version of the installation's default code
-- (setting survey.instrument) is used.
--
-- survey_unit_users: the number of service users a unit reports for a year
-- (the population N of the minimum sample size).
--
-- survey_service: the services a unit offers, for the respondent to choose.
--
-- survey_answer: one respondent's answers, append-only, written only by the
-- survey writer. No index apart from the sequential primary key: the hot
-- path inserts tens of millions of rows a year. answers holds the compact
-- JSON object {element code: value}; profile {field: option code}. nonce is
-- the form token's nonce (replays are refused by the writer, which keeps the
-- recent ones in memory and reloads them from the tail of this table).
-- period is the period code of the day answered in the unit's time zone
-- (src/core/survey.h: "2026" year, "2026-1" semester, "2026-Q1" quarter,
-- "2026-01" month).
--
-- survey_count: answers per unit x period x element x value; survey_respondents:
-- respondents per unit x period; survey_profile_count: respondents per unit
-- x period x profile field x option (the service chosen is field "service",
-- its option the service id). All three are kept by the writer in the same
-- transaction as the answers, so no page reads survey_answer;
-- `p2ham survey recount --check` recomputes them from it.

CREATE TABLE survey_instrument (
	id @ID@,
	code TEXT NOT NULL,		-- e.g. "ikm-permenpanrb-14-2017"
	version INTEGER NOT NULL,	-- 1, 2, ... within the code
	title_id TEXT NOT NULL,
	title_en TEXT NOT NULL,
	legal_basis TEXT NOT NULL,
	body TEXT NOT NULL,		-- canonical JSON (sorted keys, compact)
	sha256 TEXT NOT NULL,		-- lowercase hex SHA-256 of body
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL,	-- "cli" or a user's email
	UNIQUE (code, version)
);

-- @sqlite
CREATE TRIGGER survey_instrument_no_update BEFORE UPDATE ON survey_instrument
BEGIN
	SELECT RAISE(ABORT, 'survey instrument is immutable: import a new version instead');
END;
CREATE TRIGGER survey_instrument_no_delete BEFORE DELETE ON survey_instrument
BEGIN
	SELECT RAISE(ABORT, 'survey instrument is immutable: it cannot be deleted');
END;
-- @postgresql
CREATE FUNCTION survey_instrument_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'survey instrument is immutable: import a new version instead';
END
$$;
CREATE TRIGGER survey_instrument_no_update BEFORE UPDATE ON survey_instrument
	FOR EACH ROW EXECUTE FUNCTION survey_instrument_refuse_change();
CREATE TRIGGER survey_instrument_no_delete BEFORE DELETE ON survey_instrument
	FOR EACH ROW EXECUTE FUNCTION survey_instrument_refuse_change();
CREATE TRIGGER survey_instrument_no_truncate BEFORE TRUNCATE ON survey_instrument
	FOR EACH STATEMENT EXECUTE FUNCTION survey_instrument_refuse_change();
-- @all

CREATE TABLE survey_cycle (
	cycle_id BIGINT PRIMARY KEY REFERENCES cycle (id),
	instrument_id BIGINT NOT NULL REFERENCES survey_instrument (id),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL
);

CREATE TABLE survey_unit (
	unit_id BIGINT PRIMARY KEY REFERENCES unit (id),
	instrument_id BIGINT NOT NULL REFERENCES survey_instrument (id),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL
);

CREATE TABLE survey_unit_users (
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	year INTEGER NOT NULL,
	users BIGINT NOT NULL CHECK (users >= 0),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL,
	PRIMARY KEY (unit_id, year)
);

CREATE TABLE survey_service (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	name TEXT NOT NULL,
	position INTEGER NOT NULL,	-- order on the form
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, name)
);

CREATE TABLE survey_answer (
	id @ID@,
	unit_id BIGINT NOT NULL,	-- no foreign keys: checked by the writer
	instrument_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	answered_at TEXT NOT NULL,	-- ISO-8601 UTC
	service_id BIGINT,
	answers TEXT NOT NULL,		-- {"U1": 4, ...}
	profile TEXT NOT NULL,		-- {"gender": "f", ...}
	suggestion TEXT NOT NULL DEFAULT '',
	nonce TEXT NOT NULL		-- the form token's nonce, hex
);

CREATE TABLE survey_count (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	element TEXT NOT NULL,		-- the instrument's element code, "U1"
	value INTEGER NOT NULL,		-- the answer, 1..4 on the shipped scale
	n BIGINT NOT NULL,
	PRIMARY KEY (unit_id, period, element, value)
);

CREATE TABLE survey_respondents (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	n BIGINT NOT NULL,
	last_at TEXT NOT NULL,		-- the newest answer counted
	PRIMARY KEY (unit_id, period)
);
CREATE INDEX survey_respondents_period ON survey_respondents (period, unit_id);

CREATE TABLE survey_profile_count (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	field TEXT NOT NULL,		-- "gender", ..., "service"
	option TEXT NOT NULL,		-- the option code, or the service id
	n BIGINT NOT NULL,
	PRIMARY KEY (unit_id, period, field, option)
);

-- @sqlite
CREATE TRIGGER survey_answer_no_update BEFORE UPDATE ON survey_answer
BEGIN
	SELECT RAISE(ABORT, 'survey answers are append-only');
END;
CREATE TRIGGER survey_answer_no_delete BEFORE DELETE ON survey_answer
BEGIN
	SELECT RAISE(ABORT, 'survey answers are append-only');
END;
-- @postgresql
CREATE FUNCTION survey_answer_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'survey answers are append-only';
END
$$;
CREATE TRIGGER survey_answer_no_update BEFORE UPDATE ON survey_answer
	FOR EACH ROW EXECUTE FUNCTION survey_answer_refuse_change();
CREATE TRIGGER survey_answer_no_delete BEFORE DELETE ON survey_answer
	FOR EACH ROW EXECUTE FUNCTION survey_answer_refuse_change();
-- @all
