/*
 * scale_rows.c - the registry of the national-scale data (scale.h):
 * regencies where none are imported, the governments, the units in their
 * kinds' shares, two accounts per unit and a pool of verifiers and
 * assessors; the national rulebook and the sample files.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/embed.h"
#include "cmd/demo.h"
#include "cmd/rulebook.h"
#include "cmd/scale.h"
#include "core/region.h"
#include "core/unit_type.h"
#include "svc/file_store.h"
#include "svc/files.h"

/* clang-format off */
/* Regencies and cities per province (Kemendagri, 2023), by code order. */
static const struct { int code, regencies, cities; } counts[SCALE_PROVINCES] = {
	{ 11, 18, 5 }, { 12, 25, 8 }, { 13, 12, 7 }, { 14, 10, 2 }, { 15, 9, 2 },
	{ 16, 13, 4 }, { 17, 9, 1 }, { 18, 13, 2 }, { 19, 6, 1 }, { 21, 5, 2 },
	{ 31, 1, 5 }, { 32, 18, 9 }, { 33, 29, 6 }, { 34, 4, 1 }, { 35, 29, 9 },
	{ 36, 4, 4 }, { 51, 8, 1 }, { 52, 8, 2 }, { 53, 21, 1 }, { 61, 12, 2 },
	{ 62, 13, 1 }, { 63, 11, 2 }, { 64, 7, 3 }, { 65, 4, 1 }, { 71, 11, 4 },
	{ 72, 12, 1 }, { 73, 21, 3 }, { 74, 15, 2 }, { 75, 5, 1 }, { 76, 6, 0 },
	{ 81, 9, 2 }, { 82, 8, 2 }, { 91, 8, 1 }, { 92, 7, 0 }, { 93, 4, 0 },
	{ 94, 8, 0 }, { 95, 8, 0 }, { 96, 5, 1 },
};

/* Placeholder names for generated regencies: a first and a second word. */
static const char *const first[] = {
	"Tanjung", "Sungai", "Bukit", "Muara", "Teluk", "Padang", "Lubuk", "Air",
	"Batu", "Kuala", "Pulau", "Gunung", "Rawa", "Sumber", "Karang", "Tanah",
	"Labuhan", "Pematang", "Sidomulyo", "Mekar",
};
static const char *const second[] = {
	"Jaya", "Raya", "Baru", "Indah", "Makmur", "Sari", "Timur", "Barat",
	"Utara", "Selatan", "Tengah", "Hilir", "Hulu", "Permai", "Sejahtera",
	"Lestari", "Mulia", "Harapan", "Damai", "Agung", "Asri", "Emas", "Kencana",
	"Pesisir", "Bahari", "Sentosa", "Bersatu", "Gemilang",
};

/* A regency government's service offices, by name. */
static const char *const opd_names[] = {
	"Dinas Kependudukan dan Pencatatan Sipil",
	"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
	"Dinas Kesehatan", "Rumah Sakit Umum Daerah", "Puskesmas Kecamatan",
	"Dinas Sosial", "Dinas Pendidikan dan Kebudayaan", "Dinas Perhubungan",
	"Dinas Tenaga Kerja", "Dinas Lingkungan Hidup",
	"Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
	"Dinas Pekerjaan Umum dan Penataan Ruang", "Badan Pendapatan Daerah",
	"Dinas Perumahan dan Kawasan Permukiman", "Dinas Pertanian",
	"Dinas Koperasi dan Usaha Mikro", "Dinas Perpustakaan dan Kearsipan",
	"Satuan Polisi Pamong Praja", "Kantor Kecamatan", "Kantor Kelurahan",
};

/* A province government's service offices (none the ordinary demo has). */
static const char *const province_opd_names[] = {
	"UPT Pendapatan Daerah (Samsat)", "Rumah Sakit Umum Daerah", "Rumah Sakit Jiwa",
	"Dinas Kesehatan", "Dinas Sosial", "Dinas Pendidikan",
	"Dinas Tenaga Kerja dan Transmigrasi",
	"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
	"Dinas Lingkungan Hidup dan Kehutanan", "Badan Kepegawaian Daerah",
	"Dinas Kelautan dan Perikanan", "Dinas Energi dan Sumber Daya Mineral",
	"Dinas Perindustrian dan Perdagangan", "Balai Latihan Kerja",
	"Dinas Pemberdayaan Masyarakat dan Desa",
};

struct kind_info {
	const char *type, *sector, *label, *head_title;
	int weight; /* per mille of the units after the regional offices */
};

static const struct kind_info kinds[SK_MAX] = {
	[SK_OPD_REGENCY] = { "opd", "pelayanan_publik", NULL, "Kepala Dinas", 550 },
	[SK_OPD_PROVINCE] = { "opd", "pelayanan_publik", NULL, "Kepala Dinas", 80 },
	[SK_WISATA] = { "wisata", "pariwisata", "Destinasi Wisata", "Kepala UPTD", 50 },
	[SK_KANIM] = { "kanim", "imigrasi", "Kantor Imigrasi Kelas II TPI",
	    "Kepala Kantor Imigrasi", 60 },
	[SK_LAPAS] = { "lapas", "pemasyarakatan", "Lembaga Pemasyarakatan Kelas IIB",
	    "Kepala Lembaga Pemasyarakatan", 90 },
	[SK_RUTAN] = { "rutan", "pemasyarakatan", "Rumah Tahanan Negara Kelas IIB",
	    "Kepala Rumah Tahanan Negara", 70 },
	[SK_BAPAS] = { "bapas", "pemasyarakatan", "Balai Pemasyarakatan Kelas II",
	    "Kepala Balai Pemasyarakatan", 45 },
	[SK_RUPBASAN] = { "rupbasan", "pemasyarakatan",
	    "Rumah Penyimpanan Benda Sitaan Negara Kelas II", "Kepala Rupbasan", 30 },
	[SK_LPKA] = { "lpka", "pemasyarakatan", "Lembaga Pembinaan Khusus Anak Kelas II",
	    "Kepala LPKA", 10 },
	[SK_RUDENIM] = { "rudenim", "imigrasi", "Rumah Detensi Imigrasi",
	    "Kepala Rumah Detensi Imigrasi", 10 },
	[SK_BHP] = { "bhp", "hukum", "Balai Harta Peninggalan", "Ketua Balai Harta Peninggalan", 5 },
	[SK_KANWIL] = { "kanwil", "hukum", "Kantor Wilayah Kementerian Hukum dan HAM",
	    "Kepala Kantor Wilayah", 0 },
};

static const char *const given[] = {
	"Agus", "Siti", "Budi", "Dewi", "Hendra", "Nur", "Rahmat", "Sri", "Andi",
	"Yuliana", "Made", "Putu", "Fransiskus", "Maria", "Muhammad", "Fitri",
	"Joko", "Ratna", "Yohanes", "Wayan",
};
static const char *const family[] = {
	"Saputra", "Wahyuni", "Hidayat", "Lestari", "Simanjuntak", "Nasution",
	"Pratama", "Kurniawati", "Siregar", "Sinaga", "Manurung", "Mooduto",
	"Rahman", "Setiawan", "Wijaya", "Lumbantobing", "Tanjung", "Harahap",
	"Pangaribuan", "Kusuma",
};
/* clang-format on */

#define N(a) (sizeof(a) / sizeof((a)[0]))

uint64_t
scale_mix(uint64_t i, uint64_t salt)
{
	uint64_t z = i * 0x9e3779b97f4a7c15ULL + salt * 0xbf58476d1ce4e5b9ULL + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A person's name for (i, salt). */
static const char *
person(struct scale *s, size_t i, unsigned salt)
{
	uint64_t r = scale_mix(i, salt);

	return arena_printf(&s->scratch, "%s %s", given[r % N(given)],
	    family[(r >> 16) % N(family)]);
}

/* A regency's name with its kind in front, as imports write it ("Kota
 * Gorontalo"), whether or not name has it already. */
static const char *
regency_name(struct scale *s, const char *name, bool city)
{
	if (strncmp(name, "Kabupaten ", 10) == 0 || strncmp(name, "Kota ", 5) == 0)
		return arena_strdup(s->a, name);
	return arena_printf(s->a, "%s %s", city ? "Kota" : "Kabupaten", name);
}

/* The regencies known, or generated for the provinces that have none. */
static int
load_regencies(struct scale *s, struct err *e)
{
	json_t *rows = NULL, *r;
	struct db_bulk *b = NULL;
	bool known[100] = { false };
	size_t i, k, total = 0, name_no = 0;
	int rc = 0;

	if (db_exec(s->c, DB_SCALE_REGENCIES, NULL, 0, &rows, e) < 0)
		return -1;
	for (i = 0; i < SCALE_PROVINCES; i++)
		total += (size_t)(counts[i].regencies + counts[i].cities);
	s->reg = arena_alloc(s->a, (total + json_array_size(rows)) * sizeof(*s->reg));
	json_array_foreach(rows, i, r) {
		struct scale_regency *g = &s->reg[s->nreg++];

		g->code = (int)json_integer_value(json_object_get(r, "code"));
		g->province = (int)json_integer_value(json_object_get(r, "province_code"));
		g->name = regency_name(s, json_string_value(json_object_get(r, "name")),
		    strcmp(json_string_value(json_object_get(r, "kind")), "kota") == 0);
		if (g->province > 0 && g->province < 100)
			known[g->province] = true;
	}
	json_decref(rows);
	for (i = 0; i < SCALE_PROVINCES && rc == 0; i++) {
		int p = counts[i].code;

		if (known[p])
			continue;
		if (b == NULL && (b = db_bulk_open(s->c, DB_BULK_REGENCY, e)) == NULL)
			return -1;
		for (k = 0; k < (size_t)(counts[i].regencies + counts[i].cities) && rc == 0;
		     k++, name_no++) {
			struct scale_regency *g = &s->reg[s->nreg++];
			bool city = k >= (size_t)counts[i].regencies;
			const char *base = arena_printf(s->a, "%s %s",
			    first[name_no % N(first)],
			    second[(name_no / N(first) + name_no % N(first)) % N(second)]);

			g->province = p;
			g->code = p * 100 +
			    (city ? 71 + (int)k - counts[i].regencies : 1 + (int)k);
			g->name = arena_printf(s->a, "%s %s", city ? "Kota" : "Kabupaten", base);
			rc = scale_row(s, b,
			    (struct db_param[]){ DBP_INT(g->code), DBP_INT(p),
				DBP_TEXT(g->name), DBP_TEXT(city ? "kota" : "kabupaten") },
			    4, e);
		}
	}
	return scale_close(s, b, rc, e);
}

static int
lookup(struct scale *s, enum db_stmt st, const struct db_param *p, size_t n, int64_t *id,
    struct err *e)
{
	if (db_exec_int(s->c, st, p, n, "id", id, e) < 0)
		return -1;
	return 0;
}

/* The ministry, each province's and each regency's government. */
static int
load_orgs(struct scale *s, struct err *e)
{
	struct db_bulk *b;
	size_t i;
	int rc = 0;

	if (lookup(s, DB_SCALE_ORG_ID,
		(struct db_param[]){
		    DBP_TEXT("Kementerian Hukum dan Hak Asasi Manusia") },
		1, &s->ministry, e) < 0)
		return -1;
	for (i = 0; i < province_count; i++) {
		const char *name = arena_printf(s->a, "Pemerintah Provinsi %s",
		    provinces[i].name);

		if (lookup(s, DB_SCALE_ORG_ID, (struct db_param[]){ DBP_TEXT(name) }, 1,
			&s->province_org[provinces[i].code], e) < 0)
			return -1;
	}
	if ((b = db_bulk_open(s->c, DB_BULK_ORGANIZATION, e)) == NULL)
		return -1;
	for (i = 0; i < province_count && rc == 0; i++) {
		int p = provinces[i].code;

		if (s->province_org[p] != 0)
			continue;
		s->province_org[p] = s->next.org++;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->province_org[p]), DBP_TEXT("province_gov"),
			DBP_TEXT(arena_printf(s->a, "Pemerintah Provinsi %s", provinces[i].name)),
			DBP_INT(p), DBP_NULL, DBP_INT(1), DBP_TEXT(s->now_iso),
			DBP_TEXT(s->now_iso) },
		    8, e);
	}
	for (i = 0; i < s->nreg && rc == 0; i++) {
		s->reg[i].org = s->next.org++;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->reg[i].org), DBP_TEXT("regency_gov"),
			DBP_TEXT(arena_printf(s->a, "Pemerintah %s", s->reg[i].name)),
			DBP_INT(s->reg[i].province), DBP_INT(s->reg[i].code), DBP_INT(1),
			DBP_TEXT(s->now_iso), DBP_TEXT(s->now_iso) },
		    8, e);
	}
	return scale_close(s, b, rc, e);
}

/* Where unit i stands and what it is: the first units are the regional
 * offices the demo lacks, the others drawn by their kinds' weights over
 * the regencies (so a province's share follows its regencies). */
static void
place_unit(struct scale *s, size_t i, const int *kanwil_prov, size_t nkanwil)
{
	struct scale_unit *u = &s->units[i];
	uint64_t r = scale_mix(i, 1);
	int w = (int)(r % 1000), k;

	u->id = s->next.unit++;
	u->state = scale_state(i);
	if (i < nkanwil) {
		u->kind = SK_KANWIL;
		u->province = kanwil_prov[i];
		u->regency = -1;
		u->org = s->ministry;
		return;
	}
	for (k = 0; k < SK_KANWIL - 1 && w >= kinds[k].weight; k++)
		w -= kinds[k].weight;
	u->kind = (enum scale_kind)k;
	u->regency = (int)((r >> 20) % s->nreg);
	u->province = s->reg[u->regency].province;
	u->org = k == SK_OPD_REGENCY || k == SK_WISATA ? s->reg[u->regency].org
	    : k == SK_OPD_PROVINCE                     ? s->province_org[u->province]
						       : s->ministry;
	u->parent = u->org == s->ministry ? s->kanwil[u->province] : 0;
}

/* Unit u's name, unique within its organization: seq counts the units of
 * the same kind already named in the same place. */
static const char *
unit_name(struct scale *s, const struct scale_unit *u, int seq)
{
	const struct kind_info *k = &kinds[u->kind];
	const char *where = u->regency >= 0 ? s->reg[u->regency].name : "";
	const char *prov = province_find(u->province)->name;
	char no[24] = "";

	if (u->kind == SK_KANWIL)
		return arena_printf(&s->scratch, "%s Provinsi %s", k->label, prov);
	if (u->kind == SK_OPD_PROVINCE) {
		if (seq >= (int)N(province_opd_names))
			snprintf(no, sizeof(no), " Wilayah %d",
			    seq / (int)N(province_opd_names) + 1);
		return arena_printf(&s->scratch, "%s%s Provinsi %s",
		    province_opd_names[seq % (int)N(province_opd_names)], no, prov);
	}
	if (u->kind == SK_OPD_REGENCY) {
		if (seq >= (int)N(opd_names))
			snprintf(no, sizeof(no), " Wilayah %d", seq / (int)N(opd_names) + 1);
		return arena_printf(&s->scratch, "%s%s %s",
		    opd_names[seq % (int)N(opd_names)], no, where);
	}
	if (seq > 0)
		snprintf(no, sizeof(no), " %d", seq + 1);
	if (u->kind == SK_WISATA)
		return arena_printf(&s->scratch, "%s %s%s", k->label, where, no);
	return arena_printf(&s->scratch, "%s %s%s", k->label,
	    strncmp(where, "Kabupaten ", 10) == 0 ? where + 10
		: strncmp(where, "Kota ", 5) == 0 ? where + 5
						  : where,
	    no);
}

static int
load_units(struct scale *s, struct err *e)
{
	int kanwil_prov[SCALE_PROVINCES], *seq;
	size_t i, nk = 0;
	struct db_bulk *b;
	int rc = 0;

	for (i = 0; i < province_count; i++) {
		const char *name = arena_printf(s->a, "%s %s", kinds[SK_KANWIL].label,
		    provinces[i].name);

		if (lookup(s, DB_SCALE_UNIT_ID,
			(struct db_param[]){ DBP_INT(s->ministry), DBP_TEXT(name) }, 2,
			&s->kanwil[provinces[i].code], e) < 0)
			return -1;
		if (s->kanwil[provinces[i].code] == 0 && nk < s->n)
			kanwil_prov[nk++] = provinces[i].code;
	}
	/* place the offices first: the other units name them as parents */
	for (i = 0; i < nk; i++) {
		place_unit(s, i, kanwil_prov, nk);
		s->kanwil[s->units[i].province] = s->units[i].id;
	}
	for (; i < s->n; i++)
		place_unit(s, i, kanwil_prov, nk);
	seq = arena_alloc(s->a, (s->nreg + 100) * SK_MAX * sizeof(*seq));
	memset(seq, 0, (s->nreg + 100) * SK_MAX * sizeof(*seq));
	if ((b = db_bulk_open(s->c, DB_BULK_UNIT, e)) == NULL)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		const struct scale_unit *u = &s->units[i];
		size_t where = u->regency >= 0 && u->kind != SK_OPD_PROVINCE
		    ? (size_t)u->regency
		    : s->nreg + (size_t)u->province;
		const char *name = unit_name(s, u, seq[where * SK_MAX + u->kind]++);
		const char *place = u->regency >= 0 ? s->reg[u->regency].name
						    : province_find(u->province)->name;

		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(u->id), DBP_TEXT(name),
			DBP_TEXT(kinds[u->kind].type), DBP_TEXT(kinds[u->kind].sector),
			DBP_INT(u->province),
			u->regency >= 0 ? DBP_INT(s->reg[u->regency].code) : DBP_NULL,
			DBP_INT(u->org), DBP_ID(u->parent),
			DBP_TEXT(arena_printf(&s->scratch, "Jl. Merdeka No. %d, %s",
			    (int)(scale_mix(i, 2) % 200) + 1, place)),
			DBP_TEXT(person(s, i, 3)), DBP_TEXT(kinds[u->kind].head_title),
			DBP_TEXT(arena_printf(&s->scratch, "(0%d) %06d",
			    21 + u->province % 70, (int)(scale_mix(i, 4) % 1000000))),
			DBP_TEXT(arena_printf(&s->scratch,
			    "layanan.u%lld@skala.p2ham.demo", (long long)u->id)),
			DBP_INT(1), DBP_TEXT(s->now_iso), DBP_TEXT(s->now_iso) },
		    16, e);
		scale_scratch(s, i);
	}
	return scale_close(s, b, rc, e);
}

/* The accounts: unit i's operator and head, then the pool of verifiers
 * (every third) and assessors, homed round the provinces. */
static int
load_users(struct scale *s, struct err *e)
{
	struct db_bulk *b;
	size_t i, total;
	int rc = 0;

	s->users0 = s->next.users;
	s->pool = 3 * (2 + s->n / 300);
	s->pool0 = s->users0 + 2 * (int64_t)s->n;
	total = 2 * s->n + s->pool;
	if ((b = db_bulk_open(s->c, DB_BULK_USERS, e)) == NULL)
		return -1;
	for (i = 0; i < total && rc == 0; i++) {
		const struct scale_unit *u = i < 2 * s->n ? &s->units[i / 2] : NULL;
		size_t k = i - 2 * s->n;
		const char *email = u != NULL
		    ? arena_printf(&s->scratch, "%s.u%lld@skala.p2ham.demo",
			  i % 2 == 0 ? "operator" : "kepala", (long long)u->id)
		    : arena_printf(&s->scratch, "%s.%03zu@skala.p2ham.demo",
			  k % 3 == 0 ? "verifikator" : "penilai", k);

		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.users++), DBP_TEXT(email),
			DBP_TEXT(email), DBP_TEXT(person(s, i, 5)), DBP_NULL, DBP_NULL,
			DBP_TEXT(s->hash), DBP_INT(1),
			DBP_INT(u != NULL ? u->province : provinces[k % province_count].code),
			u != NULL ? DBP_INT(u->org) : DBP_NULL, DBP_TEXT(s->now_iso),
			DBP_TEXT(s->now_iso), DBP_TEXT(s->now_iso) },
		    13, e);
		scale_scratch(s, i);
	}
	if (scale_next(s, &b, rc, DB_BULK_ROLE_GRANT, e) < 0)
		return -1;
	for (i = 0; i < 2 * s->n && rc == 0; i++)
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.grnt++),
			DBP_INT(s->users0 + (int64_t)i),
			DBP_TEXT(i % 2 == 0 ? "operator" : "unit_head"), DBP_TEXT("unit"),
			DBP_INT(s->units[i / 2].id), DBP_INT(0), DBP_NULL,
			DBP_TEXT(s->now_iso) },
		    8, e);
	return scale_close(s, b, rc, e);
}

int
scale_registry(struct scale *s, struct err *e)
{
	return load_regencies(s, e) < 0 || load_orgs(s, e) < 0 || load_units(s, e) < 0 ||
		load_users(s, e) < 0
	    ? -1
	    : 0;
}

/* The 2022 rulebook widened to every unit type, each indicator applying
 * to all, the last ones of its first criterion left out so that
 * SCALE_INDICATORS remain. A new reference, or NULL. */
static json_t *
national_doc(void)
{
	const struct embed_file *f = embed_find("rulebooks/p2ham-2022.json");
	const char *codes[UNIT_TYPE_MAX];
	json_t *doc, *types, *cr, *inds, *ind;
	size_t i, k, total = 0;

	if (f == NULL || (doc = json_loadb((const char *)f->data, f->len, 0, NULL)) == NULL)
		return NULL;
	unit_type_codes(codes);
	types = json_array();
	for (i = 0; i < UNIT_TYPE_MAX; i++)
		json_array_append_new(types, json_string(codes[i]));
	json_object_set_new(doc, "unit_types", types);
	json_object_set_new(doc, "code", json_string("p2ham-nasional"));
	json_object_set_new(doc, "version", json_integer(1));
	json_object_set_new(doc, "title",
	    json_pack("{s:s, s:s}", "id", "P2HAM Nasional (data demo skala nasional)",
		"en", "P2HAM National (national-scale demo data)"));
	json_array_foreach(json_object_get(doc, "criteria"), i, cr)
		total += json_array_size(json_object_get(cr, "indicators"));
	inds = json_object_get(json_array_get(json_object_get(doc, "criteria"), 0),
	    "indicators");
	while (total > SCALE_INDICATORS && json_array_size(inds) > 1) {
		json_array_remove(inds, json_array_size(inds) - 1);
		total--;
	}
	json_array_foreach(json_object_get(doc, "criteria"), i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), k, ind)
			json_object_del(ind, "unit_types");
	return doc;
}

/* Store the sample contents every evidence row points at. */
static int
store_samples(struct scale *s, struct err *e)
{
	static const char *const names[N(s->samples)] = {
		"foto-sarana-pelayanan.pdf",
		"sk-standar-pelayanan.pdf",
		"laporan-survei-kepuasan.pdf",
		"pernyataan-bertanda-tangan.pdf",
	};
	struct file_in f;
	struct buf pdf;
	char tmp[4200];
	size_t i;
	int fd;

	for (i = 0; i < N(s->samples); i++) {
		if (demo_sample_pdf(&pdf, i == 3 ? "CONTOH SURAT PERNYATAAN" : "CONTOH DATA DUKUNG",
			arena_printf(s->a,
			    "Berkas contoh nomor %zu dari data demo skala nasional "
			    "P2HAM. "
			    "Semua data dukung unit kerja demo menunjuk ke beberapa "
			    "berkas "
			    "seperti ini.",
			    i + 1),
			e) < 0)
			return -1;
		snprintf(tmp, sizeof(tmp), "%s/files/scale-sample-%ld-%zu.pdf",
		    s->data_dir, (long)getpid(), i);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
		if (fd < 0 || write(fd, pdf.data, pdf.len) != (ssize_t)pdf.len ||
		    close(fd) < 0) {
			err_set(e, ERR_INTERNAL, "cannot write %s", tmp);
			buf_free(&pdf);
			unlink(tmp);
			return -1;
		}
		buf_free(&pdf);
		memset(&f, 0, sizeof(f));
		if (files_in_path(&f, tmp, names[i], 0, e) < 0 ||
		    (file_store_in_db() ? files_put_into(file_store_current(), &f, e)
					: files_store(s->data_dir, &f, e)) < 0) {
			unlink(tmp);
			return -1;
		}
		memcpy(s->samples[i].sha256, f.sha256, sizeof(f.sha256));
		s->samples[i].size = (int64_t)f.size;
		s->samples[i].name = names[i];
	}
	return 0;
}

int
scale_rulebook(struct scale *s, int64_t *rulebook, struct err *e)
{
	const char *codes[UNIT_TYPE_MAX];
	struct rulebook_problems pr = { 0 };
	struct versioned_import out;
	json_t *doc = national_doc();
	char *text;
	size_t i, k, n = 0;

	if (doc == NULL || (text = json_dumps(doc, JSON_COMPACT)) == NULL) {
		json_decref(doc);
		err_set(e, ERR_INTERNAL, "the shipped rulebook p2ham-2022 is missing");
		return -1;
	}
	if (versioned_import(s->c, &rulebook_kind, text, strlen(text), "cli", s->a, &out,
		e) < 0) {
		free(text);
		json_decref(doc);
		return -1;
	}
	free(text);
	unit_type_codes(codes);
	s->rb = out.outcome == VO_IMPORTED || out.outcome == VO_PRESENT
	    ? rulebook_parse(doc, codes, UNIT_TYPE_MAX, s->a, &pr)
	    : NULL;
	json_decref(doc);
	if (s->rb == NULL) {
		err_set(e, ERR_RULEBOOK, "national rulebook: %s",
		    out.problems.count > 0 ? out.problems.msgs[0]
			: pr.count > 0     ? pr.msgs[0]
					   : "refused");
		return -1;
	}
	*rulebook = out.id;
	for (i = 0; i < s->rb->criterion_count; i++)
		for (k = 0; k < s->rb->criteria[i].indicator_count && n < SCALE_INDICATORS; k++)
			s->ind[n++] = &s->rb->criteria[i].indicators[k];
	if (n != SCALE_INDICATORS) {
		err_set(e, ERR_RULEBOOK, "national rulebook: %zu indicators", n);
		return -1;
	}
	return store_samples(s, e);
}
