-- Coordination regions (Wilayah I, II, ...): the groups of provinces a
-- coordinator of the programme covers. The grouping is the programme's own
-- and is reorganised from year to year, so it is data kept by the admin;
-- none is shipped.
--
-- coord_region: a region by its name (unique). A coordinator's grant over
-- a region is role_grant (scope_kind 'region', scope_id the region's id).
--
-- coord_region_member: which region holds which province, as periods: a
-- row is current while left_at is NULL, and a province is in at most one
-- region at a time (the partial unique index). Moving a province closes its
-- current row and opens one in the new region, so the rows are the history.
--
-- declaration_witness gains where a witness attended from: on site
-- ('luring') or online ('daring') and, when online, from where (e.g. the
-- Director General from Jakarta).

CREATE TABLE coord_region (
	id @ID@,
	name TEXT NOT NULL UNIQUE,
	created_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE coord_region_member (
	id @ID@,
	region_id BIGINT NOT NULL REFERENCES coord_region (id),
	province_code INTEGER NOT NULL REFERENCES province (code),
	joined_by BIGINT REFERENCES users (id),
	joined_at TEXT NOT NULL,
	left_by BIGINT REFERENCES users (id),
	left_at TEXT
);
CREATE UNIQUE INDEX coord_region_member_current ON coord_region_member (province_code)
	WHERE left_at IS NULL;
CREATE INDEX coord_region_member_region ON coord_region_member (region_id, joined_at);

ALTER TABLE declaration_witness ADD COLUMN presence TEXT NOT NULL DEFAULT 'luring'
	CHECK (presence IN ('luring', 'daring'));
ALTER TABLE declaration_witness ADD COLUMN attended_from TEXT NOT NULL DEFAULT '';
