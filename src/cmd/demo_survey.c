/*
 * demo_survey.c - the demo's satisfaction survey: three units with the
 * services they offer and their yearly number of service users, one of
 * them answering the P2HAM instrument with its human-rights questions, and
 * a few dozen answers spread over the last weeks, written through the same
 * service as the public form so that the counters match the answers.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cmd/demo.h"
#include "core/cycle.h"
#include "svc/survey.h"

#define DAY (24 * 3600)
#define ANSWERS 24 /* per unit */

static const char *const services[3][4] = {
	{ "Paspor baru", "Penggantian paspor", "Izin tinggal", NULL },
	{ "Kunjungan keluarga", "Titipan barang", "Pengaduan warga binaan", NULL },
	{ "Paspor baru", "Penggantian paspor", "Izin tinggal kunjungan", "Layanan prioritas" },
};

/* A plausible answer to item i of respondent r: mostly good, some less. */
static int
answer_of(const struct sv_item *it, int r, size_t i, int unit)
{
	unsigned h = (unsigned)(r * 31 + (int)i * 17 + unit * 7) % 20;
	int top = it->scale->options[it->scale->option_count - 1].value;

	if (!it->in_index)
		return r % 5 == 0 ? 0 : (it->code[3] == '3' ? 1 : (h < 17 ? top : 1));
	return h < 2 ? top - 2 : h < 9 ? top - 1 : top;
}

static int
answer_unit(const struct demo_env *env, struct svc *s, int64_t unit, int k,
    const int64_t *service_ids, size_t nservice, struct err *e)
{
	static const char *const genders[] = { "l", "p" };
	static const char *const ages[] = { "17-25", "26-35", "36-45", "46-55", "56" };
	static const char *const schools[] = { "sma", "s1", "smp", "diploma", "s2", "sd" };
	static const char *const works[] = { "swasta", "wirausaha", "pns", "pelajar",
		"lainnya" };
	const struct survey_instrument *si;
	struct survey_answers a;
	unsigned char raw[16];
	char nonce[33], period[SURVEY_PERIOD_CODE_MAX], sid[24];
	time_t now = time(NULL), at;
	json_t *row;
	enum survey_period_len len;
	enum tz tz;
	size_t i;
	int r;

	if ((row = db_row(env->c, DB_SURVEY_UNIT_PUBLIC, unit, "unit", e)) == NULL)
		return -1;
	tz = tz_parse(json_string_value(json_object_get(row, "tz")));
	json_decref(row);
	memset(&a, 0, sizeof(a));
	a.unit_id = unit;
	if (survey_period_setting(env->c, &len, e) < 0 ||
	    survey_instrument_of_unit(env->c, unit, &a.instrument_id, e) < 0 ||
	    (si = survey_instrument_load(env->c, a.instrument_id, e)) == NULL)
		return -1;
	for (r = 0; r < ANSWERS; r++) {
		at = now - (time_t)(ANSWERS - r) * DAY * 7 + (time_t)(r % 7) * 3600;
		for (i = 0; i < si->item_count && i < SURVEY_ITEMS_MAX; i++)
			a.values[i] = answer_of(&si->items[i], r, i, k);
		for (i = 0; i < si->field_count && i < SURVEY_FIELDS_MAX; i++) {
			const char *code = si->fields[i].code;

			a.options[i] = NULL;
			if (si->fields[i].services) {
				snprintf(sid, sizeof(sid), "%lld",
				    (long long)service_ids[r % nservice]);
				a.options[i] = arena_strdup(s->arena, sid);
				a.service_id = service_ids[r % nservice];
			} else if (strcmp(code, "gender") == 0)
				a.options[i] = genders[r % 2];
			else if (strcmp(code, "age") == 0)
				a.options[i] = ages[(r + k) % 5];
			else if (strcmp(code, "education") == 0)
				a.options[i] = schools[(r * 3 + k) % 6];
			else if (strcmp(code, "occupation") == 0 && r % 4 != 3)
				a.options[i] = works[(r + 2 * k) % 5];
		}
		a.suggestion = r % 6 == 1 ? "Antrean pagi panjang; mohon tambah loket." : "";
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
		survey_period_of_time(at, tz, len, period);
		if (survey_submit(env->c, si, &a, period, at, nonce, e) != SURVEY_KEPT)
			return -1;
	}
	return 0;
}

int
demo_survey(const struct demo_env *env, const int64_t units[3], struct err *e)
{
	static const int64_t users[3] = { 9000, 1200, 15000 };
	struct demo_act x;
	int64_t ids[4];
	size_t n, j;
	int k, rc = 0, year;
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	year = tm.tm_year + 1900;
	if (demo_act(&x, env, 0, now, e) < 0)
		return -1;
	x.s.audit_tag = "demo.";
	for (k = 0; k < 3 && rc == 0; k++) {
		for (n = 0, j = 0; j < 4 && services[k][j] != NULL && rc == 0; j++)
			if ((rc = survey_service_add(&x.s, units[k], services[k][j],
				 &ids[n], e)) == 0)
				n++;
		if (rc == 0)
			rc = survey_users_set(&x.s, units[k], year, users[k], e);
		if (rc == 0 && k == 0)
			rc = survey_choose(&x.s, "unit", units[k], "ikm-p2ham", 0, e);
		if (rc == 0)
			rc = answer_unit(env, &x.s, units[k], k, ids, n, e);
	}
	demo_act_end(&x);
	return rc;
}
