/*
 * demo.c - `p2ham demo` fills an initialised database with a small, realistic
 * programme: the ministry's regional office in Gorontalo with four of its
 * units, two more provinces, the West Java provincial government with
 * tourism and transport units, one account per role, a 2022 cycle that ran
 * only declaration and building and a 2023 cycle that runs all five stages,
 * with units at different stages. It prints the demo accounts (a table, or
 * JSON with --json). Running it again only prints the accounts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "svc/audit.h"
#include "svc/cycles.h"
#include "svc/declaration.h"
#include "base/timefmt.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "cmd/demo.h"
#include "cmd/scale.h"
#include "core/cycle.h"
#include "svc/accounts.h"
#include "svc/registry.h"
#include "svc/settings.h"

/* Every demo account signs in with this password (printed by the command). */
#define DEMO_PASSWORD "Demo-P2HAM-2025"
#define DEMO_MARK "demo_loaded_at"

enum { OPT_JSON = CONFIG_OPT_EXTRA, OPT_SCALE };

static const struct option demo_opts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asked for. */
struct demo_ask {
	bool json;
	long scale; /* units of national-scale data; 0: none */
};

struct org_seed {
	const char *kind; /* organization kind */
	const char *name;
	int province; /* 0 for a ministry */
};

static const struct org_seed orgs[] = {
	{ "ministry", "Kementerian Hukum dan Hak Asasi Manusia", 0 },
	{ "province_gov", "Pemerintah Provinsi Jawa Barat", 32 },
};

struct unit_seed {
	const char *name;
	const char *type; /* unit type code */
	const char *sector;
	int province;
	int org;    /* index in orgs */
	int parent; /* index in units, -1 for none */
	const char *address;
	const char *head_name;
	const char *head_title;
};

/* Index constants name the units the accounts and cycles use below. */
/* clang-format off */
enum {
	U_KANWIL_GTO, U_KANIM_GTO, U_LAPAS_GTO, U_RUTAN_LBT, U_BAPAS_GTO,
	U_KANWIL_SULSEL, U_KANIM_MKS, U_LAPAS_MKS, U_RUTAN_MKS, U_BAPAS_MKS,
	U_KANWIL_SULTENG, U_KANIM_PALU,
	U_DISPAR_JABAR, U_TAHURA, U_DISHUB_JABAR,
	U_MAX
};

static const struct unit_seed units[U_MAX] = {
	[U_KANWIL_GTO] = { "Kantor Wilayah Kementerian Hukum dan HAM Gorontalo", "kanwil",
	    "hukum", 75, 0, -1, "Jl. Brigjen Piola Isa, Kota Gorontalo", "Heni Susila Wardoyo",
	    "Kepala Kantor Wilayah" },
	[U_KANIM_GTO] = { "Kantor Imigrasi Kelas I TPI Gorontalo", "kanim", "imigrasi", 75, 0,
	    U_KANWIL_GTO, "Jl. Jend. Sudirman, Kota Gorontalo", "Ridwan Hasan",
	    "Kepala Kantor Imigrasi" },
	[U_LAPAS_GTO] = { "Lembaga Pemasyarakatan Kelas IIA Gorontalo", "lapas",
	    "pemasyarakatan", 75, 0, U_KANWIL_GTO, "Jl. Jend. Sudirman, Kota Gorontalo",
	    "Hendra Saputra", "Kepala Lembaga Pemasyarakatan" },
	[U_RUTAN_LBT] = { "Rumah Tahanan Negara Kelas IIB Limboto", "rutan", "pemasyarakatan",
	    75, 0, U_KANWIL_GTO, "Limboto, Kabupaten Gorontalo", "Yusuf Mooduto",
	    "Kepala Rumah Tahanan Negara" },
	[U_BAPAS_GTO] = { "Balai Pemasyarakatan Kelas II Gorontalo", "bapas", "pemasyarakatan",
	    75, 0, U_KANWIL_GTO, "Kota Gorontalo", "Nurhayati Lamusu", "Kepala Balai Pemasyarakatan" },
	[U_KANWIL_SULSEL] = { "Kantor Wilayah Kementerian Hukum dan HAM Sulawesi Selatan",
	    "kanwil", "hukum", 73, 0, -1, "Jl. Jend. Urip Sumoharjo, Makassar",
	    "Andi Muhammad Yusuf", "Kepala Kantor Wilayah" },
	[U_KANIM_MKS] = { "Kantor Imigrasi Kelas I TPI Makassar", "kanim", "imigrasi", 73, 0,
	    U_KANWIL_SULSEL, "Jl. Perintis Kemerdekaan, Makassar", "Agus Salim", "Kepala Kantor Imigrasi" },
	[U_LAPAS_MKS] = { "Lembaga Pemasyarakatan Kelas I Makassar", "lapas", "pemasyarakatan",
	    73, 0, U_KANWIL_SULSEL, "Jl. Sultan Alauddin, Makassar", "Rachmat Hidayat",
	    "Kepala Lembaga Pemasyarakatan" },
	[U_RUTAN_MKS] = { "Rumah Tahanan Negara Kelas I Makassar", "rutan", "pemasyarakatan",
	    73, 0, U_KANWIL_SULSEL, "Jl. Jend. Sudirman, Makassar", "Muhammad Ilham",
	    "Kepala Rumah Tahanan Negara" },
	[U_BAPAS_MKS] = { "Balai Pemasyarakatan Kelas I Makassar", "bapas", "pemasyarakatan",
	    73, 0, U_KANWIL_SULSEL, "Jl. Landak Baru, Makassar", "Hasanuddin Rauf",
	    "Kepala Balai Pemasyarakatan" },
	[U_KANWIL_SULTENG] = { "Kantor Wilayah Kementerian Hukum dan HAM Sulawesi Tengah",
	    "kanwil", "hukum", 72, 0, -1, "Jl. Dewi Sartika, Palu", "Budi Prasetyo",
	    "Kepala Kantor Wilayah" },
	[U_KANIM_PALU] = { "Kantor Imigrasi Kelas I TPI Palu", "kanim", "imigrasi", 72, 0,
	    U_KANWIL_SULTENG, "Jl. Kartini, Palu", "Dewi Lestari", "Kepala Kantor Imigrasi" },
	[U_DISPAR_JABAR] = { "Dinas Pariwisata dan Kebudayaan Provinsi Jawa Barat", "opd",
	    "pariwisata", 32, 1, -1, "Jl. R.E. Martadinata, Bandung", "Rina Marlina",
	    "Kepala Dinas" },
	[U_TAHURA] = { "Taman Hutan Raya Ir. H. Djuanda", "wisata", "pariwisata", 32, 1, -1,
	    "Jl. Ir. H. Djuanda, Dago Pakar, Bandung", "Asep Sunandar", "Kepala UPTD" },
	[U_DISHUB_JABAR] = { "Dinas Perhubungan Provinsi Jawa Barat", "opd", "perhubungan", 32,
	    1, -1, "Jl. Sukabumi, Bandung", "Dedi Supriadi", "Kepala Dinas" },
};
/* clang-format on */

struct account_seed {
	const char *role; /* role code */
	const char *email;
	const char *name;
	const char *scope;  /* scope kind; NULL: no grant (given by an
			       assignment later) */
	int scope_unit;     /* unit index for unit scopes, -1 */
	int scope_province; /* province code for province scopes */
	int home_province;  /* the person's own province, 0 none */
	bool may_revoke;
};

/* clang-format off */
static const struct account_seed accounts[] = {
	{ "admin", "admin@p2ham.demo", "Sri Wahyuni", "national", -1, 0, 31, false },
	{ "coordinator", "koordinator@p2ham.demo", "Bambang Sutrisno", "region", -1, 0, 31, false },
	{ "regional", "kanwil.gorontalo@p2ham.demo", "Fatmawati Yusuf", "province", -1, 75, 75, false },
	{ "operator", "operator.kanim.gorontalo@p2ham.demo", "Rahmat Hulopi", "unit", U_KANIM_GTO, 0, 75, false },
	{ "unit_head", "kepala.kanim.gorontalo@p2ham.demo", "Ridwan Hasan", "unit", U_KANIM_GTO, 0, 75, false },
	{ "operator", "operator.lapas.gorontalo@p2ham.demo", "Sartika Dewi", "unit", U_LAPAS_GTO, 0, 75, false },
	{ "operator", "operator.rutan.limboto@p2ham.demo", "Irfan Dunggio", "unit", U_RUTAN_LBT, 0, 75, false },
	{ "unit_head", "kepala.rutan.limboto@p2ham.demo", "Yusuf Mooduto", "unit", U_RUTAN_LBT, 0, 75, false },
	/* Verifiers and assessors get their grants from their assignments. */
	{ "verifier", "verifikator@p2ham.demo", "Yohanes Paulus", NULL, -1, 0, 31, false },
	{ "assessor", "penilai@p2ham.demo", "Prof. Maria Ulfah", NULL, -1, 0, 34, false },
	{ "assessor", "penilai2@p2ham.demo", "Dr. Hendra Gunawan", NULL, -1, 0, 35, false },
	{ "observer", "pengamat@p2ham.demo", "Arief Rachman", "national", -1, 0, 31, true },
	{ "regional", "biro.hukum.jabar@p2ham.demo", "Nenden Kurniasih", "organization", -1, 0, 32, false },
};
/* clang-format on */

struct demo {
	struct db_conn *c;
	struct svc s;         /* the services, acting as "demo" in the
				 transaction around the registry and
				 the accounts */
	struct principal who; /* s's rights */
	struct arena a;       /* s's memory */
	struct demo_env env;  /* where the services run */
	char now[TIME_ISO_LEN];
	int64_t org_ids[sizeof(orgs) / sizeof(orgs[0])];
	int64_t unit_ids[U_MAX];
	int64_t part_2023[U_MAX]; /* participation ids in the 2023 cycle */
	int64_t part_2022[U_MAX];
	int64_t account_ids[sizeof(accounts) / sizeof(accounts[0])];
	int64_t region_i; /* coordination region "Wilayah I" */
};

static int
take_demo_opt(int code, const char *arg, void *ctx)
{
	struct demo_ask *ask = ctx;
	char *end;

	if (code == OPT_JSON)
		ask->json = true;
	else if (code == OPT_SCALE) {
		ask->scale = strtol(arg, &end, 10);
		if (*end != '\0' || ask->scale < 1 || ask->scale > SCALE_MAX) {
			fprintf(stderr,
			    "p2ham demo: --scale takes a number of units from 1 to %d\n",
			    SCALE_MAX);
			return -1;
		}
	}
	return 0;
}

static int
seed_registry(struct demo *d, struct err *e)
{
	struct svc_problems pr;
	size_t i;

	for (i = 0; i < sizeof(orgs) / sizeof(orgs[0]); i++) {
		struct org_input in = {
			.kind = org_kind_parse(orgs[i].kind),
			.name = orgs[i].name,
			.province = orgs[i].province,
		};

		d->org_ids[i] = 0;
		if (registry_org_save(&d->s, &d->org_ids[i], &in, &pr, e) < 0)
			return -1;
	}
	for (i = 0; i < U_MAX; i++) {
		const struct unit_seed *u = &units[i];
		struct unit_input in = {
			.name = u->name,
			.unit_type = u->type,
			.sector = u->sector,
			.province = u->province,
			.org_id = d->org_ids[u->org],
			.parent_id = u->parent >= 0 ? d->unit_ids[u->parent] : 0,
			.address = u->address,
			.head_name = u->head_name,
			.head_title = u->head_title,
		};

		d->unit_ids[i] = 0;
		if (registry_unit_save(&d->s, &d->unit_ids[i], &in, &pr, e) < 0)
			return -1;
	}
	return 0;
}

/* The first (or last) instant of t's calendar day in WITA. */
static time_t
demo_day(time_t t, bool last)
{
	struct tm tm;

	t += tz_offset(TZ_WITA);
	gmtime_r(&t, &tm);
	return (last ? cycle_day_end : cycle_day_start)(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, TZ_WITA);
}

/* A cycle under the newest version of rulebook code, running the given
 * stages, created and enrolled through the services by the command line
 * (the accounts come later); enrols the listed units at the first stage.
 * The windows are set around the day the demo is loaded, whatever year the
 * cycle is named after, so that every stage of both cycles can be tried at
 * once: each opened a few weeks ago, one day after the one before it, and
 * closes in half a year. */
static int
seed_cycle(struct demo *d, const char *title, int year, const char *rulebook,
    const enum stage *stages, size_t n, const int *members, size_t count, int64_t *parts,
    struct err *e)
{
	time_t today = time(NULL);
	struct cycle_window w[STAGE_MAX];
	int64_t unit_list[U_MAX], enrolled[U_MAX], rb, cy;
	struct demo_act x;
	size_t i, added;
	int rc = -1;

	if (demo_act(&x, &d->env, 0, today, e) < 0)
		return -1;
	if (cycle_rulebook_latest(&x.s, rulebook, &rb, e) < 0)
		goto out;
	if (rb == 0) {
		err_set(e, ERR_RULEBOOK, "rulebook %s is not imported: run p2ham init",
		    rulebook);
		goto out;
	}
	for (i = 0; i < n; i++)
		w[i] = (struct cycle_window){ stages[i],
			demo_day(today - (time_t)(30 - i) * 86400, false),
			demo_day(today + (time_t)180 * 86400, true) };
	for (i = 0; i < count; i++)
		unit_list[i] = d->unit_ids[members[i]];
	if (cycle_create(&x.s,
		&(struct cycle_in){ .programme = "p2ham",
		    .year = year,
		    .title = title,
		    .rulebook = rb,
		    .tz = TZ_WITA,
		    .windows = w,
		    .window_count = n },
		&cy, e) < 0 ||
	    cycle_enrol(&x.s,
		&(struct enrol_in){ .cycle = cy, .units = unit_list, .unit_count = count },
		&added, enrolled, e) < 0)
		goto out;
	for (i = 0; i < count; i++)
		parts[members[i]] = enrolled[i];
	rc = 0;
out:
	demo_act_end(&x);
	return rc;
}

/* The 2022 cycle ran declaration and building only; the 2023 one runs all
 * five stages. Where each unit stands comes from its history. */
static int
seed_cycles(struct demo *d, struct err *e)
{
	static const enum stage run_2022[] = { STAGE_DECLARATION, STAGE_BUILDING };
	static const enum stage run_2023[] = { STAGE_DECLARATION, STAGE_BUILDING,
		STAGE_EVALUATION, STAGE_ASSESSMENT, STAGE_SUPERVISION };
	static const int ministry_2022[] = { U_KANIM_GTO, U_LAPAS_GTO, U_RUTAN_LBT,
		U_BAPAS_GTO, U_KANIM_MKS, U_LAPAS_MKS };
	static const int ministry_2023[] = { U_KANIM_GTO, U_LAPAS_GTO, U_RUTAN_LBT,
		U_BAPAS_GTO, U_KANIM_MKS, U_LAPAS_MKS, U_KANIM_PALU, U_RUTAN_MKS,
		U_BAPAS_MKS, U_KANWIL_GTO, U_KANWIL_SULSEL };

	return seed_cycle(d, "P2HAM 2022 (transisi)", 2022, "p2ham-2022", run_2022, 2,
		   ministry_2022, 6, d->part_2022, e) < 0 ||
		seed_cycle(d, "P2HAM 2023", 2023, "p2ham-2022", run_2023, 5,
		    ministry_2023, 11, d->part_2023, e) < 0
	    ? -1
	    : 0;
}

static int
seed_accounts(struct demo *d, struct err *e)
{
	struct svc_problems pr;
	char hash[ACCOUNT_HASH_BYTES];
	size_t i;

	/* Every demo account has the one password: hashed once (argon2id is
	 * slow on purpose), the same hash for all. */
	if (accounts_password_hash(DEMO_PASSWORD, hash, e) < 0)
		return -1;
	for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		const struct account_seed *a = &accounts[i];
		struct user_input u = {
			.email = a->email,
			.full_name = a->name,
			.home_province = a->home_province,
			.password = DEMO_PASSWORD,
			.password_hash = hash,
			.has_grant = a->scope != NULL,
			.grant.role = role_parse(a->role),
			.grant.scope = scope_kind_parse(a->scope),
			.grant.may_revoke = a->may_revoke,
		};

		switch (u.grant.scope) {
		case SCOPE_PROVINCE:
			u.grant.scope_id = a->scope_province;
			break;
		case SCOPE_REGION:
			u.grant.scope_id = d->region_i; /* Wilayah I */
			break;
		case SCOPE_ORGANIZATION:
			u.grant.scope_id = d->org_ids[1];
			u.home_organization = d->org_ids[1];
			break;
		case SCOPE_UNIT:
			u.grant.scope_id = d->unit_ids[a->scope_unit];
			u.home_organization = d->org_ids[units[a->scope_unit].org];
			break;
		case SCOPE_PARTICIPATION:
			u.grant.scope_id = d->part_2023[a->scope_unit];
			break;
		default:
			break;
		}
		if (accounts_user_create(&d->s, &u, &d->account_ids[i], &pr, e) < 0)
			return -1;
	}
	return 0;
}

/* The id of the demo account called email, read as any script would. */
static int
user_id(struct demo *d, const char *email, int64_t *id, struct err *e)
{
	struct demo_act x;
	int rc;

	if (demo_act(&x, &d->env, 0, time(NULL), e) < 0)
		return -1;
	rc = svc_user_id(&x.s, email, id, e);
	demo_act_end(&x);
	if (rc == 0 && *id == 0) {
		err_set(e, ERR_NOT_FOUND, "no demo account %s", email);
		return -1;
	}
	return rc;
}

/* The declaration requests of the 2023 units that stand at "requested":
 * the Gorontalo regional office asked for its probation office, the
 * programme admin for the Makassar prison. */
static int
seed_declarations(struct demo *d, struct err *e)
{
	/* clang-format off */
	static const struct {
		int unit;
		const char *by;
		int days;		/* proposed date: days from today */
		const char *mode, *place, *link, *witnesses;
	} req[] = {
		{ U_BAPAS_GTO, "kanwil.gorontalo@p2ham.demo", 21, "luring",
		    "Aula Kantor Wilayah Gorontalo, Jl. Brigjen Piola Isa", "",
		    "Kepala Kantor Wilayah; perwakilan Forkopimda Provinsi Gorontalo" },
		{ U_LAPAS_MKS, "admin@p2ham.demo", 28, "hibrida",
		    "Aula Lembaga Pemasyarakatan Kelas I Makassar",
		    "https://vicon.kemenham.go.id/pencanangan-lapas-makassar",
		    "Direktur Jenderal HAM (daring); Wali Kota Makassar" },
	};
	/* clang-format on */
	char date[TIME_DATE_LEN];
	struct demo_act x;
	int64_t id, by;
	time_t now = time(NULL);
	size_t i;
	int rc;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		time_local_date(now + (time_t)req[i].days * 86400, tz_offset(TZ_WITA), date);
		if (user_id(d, req[i].by, &by, e) < 0 || demo_act(&x, &d->env, by, now, e) < 0)
			return -1;
		rc = decl_request(&x.s,
		    &(struct decl_request_in){ .members = &d->part_2023[req[i].unit],
			.member_count = 1,
			.date = date,
			.mode = req[i].mode,
			.place = req[i].place,
			.link = req[i].link,
			.planned_witnesses = req[i].witnesses },
		    &id, e);
		demo_act_end(&x);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The accounts, as a table or as JSON; with the national-scale load's
 * report (scale_print) when scaled is not NULL. */
static void
print_accounts(bool as_json, json_t *scaled)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
		json_array_append_new(list,
		    json_pack("{s:s, s:s, s:s, s:s}", "role", accounts[i].role, "email",
			accounts[i].email, "password", DEMO_PASSWORD, "name",
			accounts[i].name));
	if (as_json && scaled != NULL)
		list = json_pack("{s:o, s:O}", "accounts", list, "scale", scaled);
	if (as_json) {
		char *s = json_dumps(list, JSON_INDENT(2));

		if (s != NULL)
			printf("%s\n", s);
		free(s);
	} else {
		printf("Demo accounts (every one signs in with the password %s):\n\n",
		    DEMO_PASSWORD);
		printf("  %-12s %-40s %s\n", "ROLE", "EMAIL", "NAME");
		for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
			printf("  %-12s %-40s %s\n", accounts[i].role, accounts[i].email,
			    accounts[i].name);
		if (scaled != NULL)
			scale_print(scaled);
	}
	json_decref(list);
}

/* The mark that the whole demo is there, written last, in a transaction of
 * its own, with the demo's audit tag. */
static int
mark_loaded(struct demo *d, struct err *e)
{
	struct svc s = d->s;

	s.batch = false;
	s.audit_tag = "demo.";
	return settings_change(&s, DEMO_MARK, d->now, e);
}

/* What the units past the declaration stage did before: see demo.h. */
static int
seed_history(struct demo *d, struct err *e)
{
	/* clang-format off */
	static const struct {
		int unit;
		int year;
		int evaluation;		/* 1 passed, -1 failed, 0 not yet */
		bool built;
		int days_ago;		/* when it declared */
	} past[] = {
		{ U_KANIM_GTO, 2023, 0, false, 20 },
		{ U_LAPAS_GTO, 2023, 0, true, 20 },
		{ U_KANIM_MKS, 2023, 1, true, 25 },
		{ U_KANIM_PALU, 2023, -1, true, 27 },
		{ U_RUTAN_MKS, 2023, 1, true, 26 },
		{ U_BAPAS_MKS, 2023, 1, true, 26 },
		{ U_LAPAS_GTO, 2022, 0, true, 29 },
		{ U_RUTAN_LBT, 2022, 0, true, 29 },
		{ U_BAPAS_GTO, 2022, 0, true, 29 },
		{ U_KANIM_MKS, 2022, 0, true, 28 },
		{ U_LAPAS_MKS, 2022, 0, true, 28 },
		{ U_KANWIL_GTO, 2023, 1, true, 29 },
		{ U_KANWIL_SULSEL, 2023, 1, true, 28 },
	};
	/* clang-format on */
	static const char *const operators[U_MAX] = {
		[U_KANIM_GTO] = "operator.kanim.gorontalo@p2ham.demo",
		[U_LAPAS_GTO] = "operator.lapas.gorontalo@p2ham.demo",
		[U_RUTAN_LBT] = "operator.rutan.limboto@p2ham.demo",
	};
	static const char *const heads[U_MAX] = {
		[U_KANIM_GTO] = "kepala.kanim.gorontalo@p2ham.demo",
		[U_RUTAN_LBT] = "kepala.rutan.limboto@p2ham.demo",
	};
	struct demo_past out[sizeof(past) / sizeof(past[0])];
	int64_t admin, coordinator, regional, verifier, assessor, op, head;
	const struct unit_seed *u;
	size_t i;
	bool gto;

	if (user_id(d, "admin@p2ham.demo", &admin, e) < 0 ||
	    user_id(d, "koordinator@p2ham.demo", &coordinator, e) < 0 ||
	    user_id(d, "kanwil.gorontalo@p2ham.demo", &regional, e) < 0 ||
	    user_id(d, "verifikator@p2ham.demo", &verifier, e) < 0 ||
	    user_id(d, "penilai@p2ham.demo", &assessor, e) < 0)
		return -1;
	for (i = 0; i < sizeof(past) / sizeof(past[0]); i++) {
		u = &units[past[i].unit];
		gto = u->province == 75;
		op = head = 0;
		if ((operators[past[i].unit] != NULL &&
			user_id(d, operators[past[i].unit], &op, e) < 0) ||
		    (heads[past[i].unit] != NULL &&
			user_id(d, heads[past[i].unit], &head, e) < 0))
			return -1;
		out[i] = (struct demo_past){
			.participation = past[i].year == 2023 ? d->part_2023[past[i].unit]
							      : d->part_2022[past[i].unit],
			.unit = d->unit_ids[past[i].unit],
			.province = u->province,
			.organization = d->org_ids[u->org],
			.place = u->address,
			.declared = time(NULL) - (time_t)past[i].days_ago * 86400,
			.forkopimda = gto ? "Sekretaris Daerah Provinsi Gorontalo"
					  : "Asisten Pemerintahan Sekretariat Daerah",
			.built = past[i].built,
			.evaluation = past[i].evaluation,
			.weak_criterion = past[i].evaluation < 0 ? "inovasi" : NULL,
			.fail_reason =
			    "Belum ada inovasi pelayanan publik yang berjalan; "
			    "rencana inovasi belum ditetapkan oleh kepala kantor.",
			.unit_actor = op,
			.head_actor = head,
			.approver = gto ? coordinator : admin,
			.regional = gto ? regional : admin,
			.admin = admin,
			.verifier = verifier,
			.assessor = assessor,
		};
	}
	/* The Makassar immigration office, which passed its evaluation, is
	 * being verified: revision round 1 is open. Makassar's detention
	 * centre is being scored, its probation office awaits the plenary.
	 * The regional offices of Gorontalo and South Sulawesi were awarded
	 * by the Minister's decree before that plenary. */
	return demo_seed_history(&d->env, out, sizeof(out) / sizeof(out[0]), e) < 0 ||
		demo_seed_assessment(&d->env, &out[2], e) < 0 ||
		demo_seed_decree(&d->env, &out[11], 2, e) < 0 ||
		demo_seed_scoring(&d->env, &out[4], &out[5], e) < 0 ||
		demo_seed_results(&d->env, &out[5], e) < 0 ||
		demo_supervision(&d->env, &out[11], &out[12], e) < 0 ||
		demo_survey(&d->env,
		    (const int64_t[]){ d->unit_ids[U_KANIM_GTO], d->unit_ids[U_LAPAS_GTO],
			d->unit_ids[U_KANIM_MKS] },
		    e) < 0
	    ? -1
	    : 0;
}

int
cmd_demo(int argc, char **argv)
{
	struct demo_ask ask = { false, 0 };
	struct config_extra x = { demo_opts,
		"  --json              print the demo accounts as JSON\n"
		"  --scale N           also load N units of national-scale data (a\n"
		"                      fresh installation only; docs/scale.md)\n",
		take_demo_opt, &ask, false };
	struct config c;
	struct demo d;
	struct db *db;
	struct err e;
	const char *loaded = NULL;
	json_t *scaled = NULL;
	bool as_json;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		"Load demonstration data into an initialised "
		"database and print the demo accounts.",
		false, &x, &rc) < 0)
		return rc;
	as_json = ask.json;
	if ((db = config_open_db(&c)) == NULL)
		return 1;
	memset(&d, 0, sizeof(d));
	arena_init(&d.a, 0);
	err_clear(&e);
	time_iso(time(NULL), d.now);
	d.env = (struct demo_env){ .data_dir = c.data_dir, .public_url = c.http.public_url };
	if ((d.c = d.env.c = db_conn(db, &e)) == NULL || db_check(db, &e) < 0) {
		rc = config_die("demo: %s", e.msg);
		goto done;
	}
	svc_cli(&d.s, &d.who, d.c, &d.a, 0, "demo", time(NULL), c.data_dir, NULL);
	if (settings_get(&d.s, DEMO_MARK, &loaded, &e) < 0) {
		rc = config_die("demo: %s", e.msg);
		goto done;
	}
	d.s.batch = true;
	if (ask.scale > 0 && scale_fresh(d.c, loaded != NULL, &e) < 0) {
		rc = config_die("demo: %s", e.msg);
		goto done;
	}
	if (loaded == NULL) {
		/* The services commit step by step; the mark, last, says the
		 * whole demo is there. */
		if (db_begin(d.c, &e) < 0 || seed_registry(&d, &e) < 0 ||
		    db_commit(d.c, &e) < 0 || demo_seed_regions(&d.env, &d.region_i, &e) < 0 ||
		    seed_cycles(&d, &e) < 0 || db_begin(d.c, &e) < 0 ||
		    seed_accounts(&d, &e) < 0 || db_commit(d.c, &e) < 0 ||
		    seed_declarations(&d, &e) < 0 || seed_history(&d, &e) < 0 ||
		    demo_complaints(&d.env,
			(const int64_t[]){ d.unit_ids[U_KANIM_GTO],
			    d.unit_ids[U_LAPAS_GTO], d.unit_ids[U_KANIM_MKS] },
			&e) < 0 ||
		    mark_loaded(&d, &e) < 0) {
			db_rollback(d.c);
			rc = config_die(
			    "demo: %s (the database now holds part of the demo: load "
			    "it into a new one)",
			    e.msg);
			goto done;
		}
		if (ask.scale > 0 &&
		    scale_load(&d.env, (size_t)ask.scale, DEMO_PASSWORD, &scaled, &e) < 0) {
			rc = config_die(
			    "demo: national-scale data: %s (load it into a new "
			    "database)",
			    e.msg);
			goto done;
		}
		if (!as_json)
			printf("p2ham: demo data loaded: %d units in 4 provinces, 2 "
			       "cycles.\n\n",
			    U_MAX);
	} else if (!as_json)
		printf("p2ham: demo data was loaded on %s; nothing added.\n\n", loaded);
	print_accounts(as_json, scaled);
done:
	json_decref(scaled);
	arena_free(&d.a);
	db_close(db);
	return rc;
}
