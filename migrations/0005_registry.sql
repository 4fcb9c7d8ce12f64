-- The registry of who takes part: provinces, regencies and cities, the
-- governments and ministries that own service units (organizations), the
-- kinds of unit, and the units themselves with their place in the tree
-- national > province > organization > unit that the access policy reads.
-- Codes are Kemendagri's: a province has two digits (75 Gorontalo), a
-- regency or city four, the first two being its province's (7571 Kota
-- Gorontalo). Times are ISO-8601 UTC text; flags INTEGER 0/1.

-- The 38 provinces: fixed enough to ship here (the same table as
-- src/core/region.c, which the program uses for names and time zones).
CREATE TABLE province (
	code INTEGER PRIMARY KEY,		-- 2-digit Kemendagri code
	name TEXT NOT NULL,
	tz TEXT NOT NULL CHECK (tz IN ('WIB', 'WITA', 'WIT'))
);
INSERT INTO province (code, name, tz) VALUES
	(11, 'Aceh', 'WIB'),
	(12, 'Sumatera Utara', 'WIB'),
	(13, 'Sumatera Barat', 'WIB'),
	(14, 'Riau', 'WIB'),
	(15, 'Jambi', 'WIB'),
	(16, 'Sumatera Selatan', 'WIB'),
	(17, 'Bengkulu', 'WIB'),
	(18, 'Lampung', 'WIB'),
	(19, 'Kepulauan Bangka Belitung', 'WIB'),
	(21, 'Kepulauan Riau', 'WIB'),
	(31, 'DKI Jakarta', 'WIB'),
	(32, 'Jawa Barat', 'WIB'),
	(33, 'Jawa Tengah', 'WIB'),
	(34, 'DI Yogyakarta', 'WIB'),
	(35, 'Jawa Timur', 'WIB'),
	(36, 'Banten', 'WIB'),
	(51, 'Bali', 'WITA'),
	(52, 'Nusa Tenggara Barat', 'WITA'),
	(53, 'Nusa Tenggara Timur', 'WITA'),
	(61, 'Kalimantan Barat', 'WIB'),
	(62, 'Kalimantan Tengah', 'WIB'),
	(63, 'Kalimantan Selatan', 'WITA'),
	(64, 'Kalimantan Timur', 'WITA'),
	(65, 'Kalimantan Utara', 'WITA'),
	(71, 'Sulawesi Utara', 'WITA'),
	(72, 'Sulawesi Tengah', 'WITA'),
	(73, 'Sulawesi Selatan', 'WITA'),
	(74, 'Sulawesi Tenggara', 'WITA'),
	(75, 'Gorontalo', 'WITA'),
	(76, 'Sulawesi Barat', 'WITA'),
	(81, 'Maluku', 'WIT'),
	(82, 'Maluku Utara', 'WIT'),
	(91, 'Papua', 'WIT'),
	(92, 'Papua Barat', 'WIT'),
	(93, 'Papua Selatan', 'WIT'),
	(94, 'Papua Tengah', 'WIT'),
	(95, 'Papua Pegunungan', 'WIT'),
	(96, 'Papua Barat Daya', 'WIT');

-- Regencies (kabupaten) and cities (kota): data, loaded with
-- `p2ham import regencies FILE.csv`.
CREATE TABLE regency (
	code INTEGER PRIMARY KEY,		-- 4-digit Kemendagri code
	province_code INTEGER NOT NULL REFERENCES province (code),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('kabupaten', 'kota'))
);
CREATE INDEX regency_province ON regency (province_code, code);

-- The governments that own units: a ministry or agency (national: no
-- province), a province's government, a regency's or city's government.
CREATE TABLE organization (
	id @ID@,
	kind TEXT NOT NULL CHECK (kind IN ('ministry', 'agency', 'province_gov', 'regency_gov')),
	name TEXT NOT NULL UNIQUE,		-- exact names identify it in imports
	province_code INTEGER REFERENCES province (code),	-- NULL for ministry, agency
	regency_code INTEGER REFERENCES regency (code),		-- regency_gov only
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX organization_province ON organization (province_code, name);

-- The kinds of unit (src/core/unit_type.c, shared with the rulebooks that
-- name the types they apply to).
CREATE TABLE unit_type (
	code TEXT PRIMARY KEY,
	name_id TEXT NOT NULL,
	name_en TEXT NOT NULL
);
INSERT INTO unit_type (code, name_id, name_en) VALUES
	('kanwil', 'Kantor Wilayah', 'Regional office'),
	('unit_pusat', 'Unit Pusat', 'Central unit'),
	('kanim', 'Kantor Imigrasi', 'Immigration office'),
	('lapas', 'Lembaga Pemasyarakatan', 'Prison'),
	('rutan', 'Rumah Tahanan Negara', 'Detention centre'),
	('bapas', 'Balai Pemasyarakatan', 'Probation office'),
	('rupbasan', 'Rumah Penyimpanan Benda Sitaan Negara', 'State seized-goods depot'),
	('lpka', 'Lembaga Pembinaan Khusus Anak', 'Juvenile correctional facility'),
	('bhp', 'Balai Harta Peninggalan', 'Estate office'),
	('rudenim', 'Rumah Detensi Imigrasi', 'Immigration detention centre'),
	('opd', 'Organisasi Perangkat Daerah', 'Regional government service office'),
	('wisata', 'Destinasi Wisata', 'Tourism site');

-- A service office: a Kanwil, an immigration office, a prison, a pemda OPD,
-- a tourism site. Its place (province, organization, itself) is what the
-- access policy matches grants against; the parent link is for reading
-- the hierarchy and opens nothing.
CREATE TABLE unit (
	id @ID@,
	name TEXT NOT NULL,
	unit_type TEXT NOT NULL REFERENCES unit_type (code),
	sector TEXT NOT NULL,			-- free code: hukum, imigrasi, pariwisata, ...
	province_code INTEGER NOT NULL REFERENCES province (code),
	regency_code INTEGER REFERENCES regency (code),
	organization_id BIGINT NOT NULL REFERENCES organization (id),
	parent_unit_id BIGINT REFERENCES unit (id),
	address TEXT NOT NULL DEFAULT '',
	head_name TEXT NOT NULL DEFAULT '',	-- the unit head, as data: it changes
	head_title TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (organization_id, name)
);
-- The filters of /unit (province, type, sector, regency, parent) and its
-- order by name; the organization filter uses the UNIQUE index.
CREATE INDEX unit_province ON unit (province_code, name);
CREATE INDEX unit_type_name ON unit (unit_type, name);
CREATE INDEX unit_sector ON unit (sector, name);
CREATE INDEX unit_regency ON unit (regency_code);
CREATE INDEX unit_parent ON unit (parent_unit_id);
CREATE INDEX unit_name ON unit (name);
