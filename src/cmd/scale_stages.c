/*
 * scale_stages.c - the national cycle's participations (scale.h): each
 * unit's participation at the state scale_state draws, the steps that led
 * there on its timeline, and what each stage keeps: declarations (joint per
 * province once confirmed), answers and evidence, evaluations,
 * assignments, verdicts, scores, the plenary's recommendations and the
 * decree's awards; then the audit entries of all of it, chained in C.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/scale.h"
#include "core/region.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DEMO_ASSIGNED \
	500 /* units below this index may go to the \
	       ordinary demo's verifier and assessors */

/* clang-format off */
/* Per mille of the participations at each state (docs/scale.md). */
static const struct { enum pstate state; int share; } shares[] = {
	{ PSTATE_DRAFT, 50 }, { PSTATE_REQUESTED, 50 }, { PSTATE_APPROVED, 50 },
	{ PSTATE_BUILDING, 200 }, { PSTATE_AWAITING_EVALUATION, 130 },
	{ PSTATE_FAILED, 40 }, { PSTATE_EVIDENCE_OPEN, 110 },
	{ PSTATE_VERIFICATION, 80 }, { PSTATE_SCORING, 80 },
	{ PSTATE_ASSESSED, 60 }, { PSTATE_RECOMMENDED, 40 },
	{ PSTATE_NOT_RECOMMENDED, 20 }, { PSTATE_SUPERVISED, 90 },
};
/* clang-format on */

enum pstate
scale_state(size_t i)
{
	int w;
	size_t k;

	if (i < 2 * N(shares)) /* every state, however few the units */
		return shares[i % N(shares)].state;
	w = (int)(scale_mix(i, 9) % 1000);
	for (k = 0; k < N(shares) - 1 && w >= shares[k].share; k++)
		w -= shares[k].share;
	return shares[k].state;
}

/* clang-format off */
/* A participation's path from its request to its award, in order, with the
 * two ends off it (a failed evaluation, no recommendation), which only the
 * path to that very state takes. */
static const struct { struct scale_step step; bool off_path; } path[] = {
	{ { "request", PSTATE_REQUESTED, BY_OPERATOR }, false },
	{ { "approve", PSTATE_APPROVED, BY_ADMIN }, false },
	{ { "record", PSTATE_APPROVED, BY_ADMIN }, false },
	{ { "confirm", PSTATE_BUILDING, BY_ADMIN }, false },
	{ { "submit", PSTATE_AWAITING_EVALUATION, BY_HEAD }, false },
	{ { "fail", PSTATE_FAILED, BY_ADMIN }, true },
	{ { "pass", PSTATE_EVIDENCE_OPEN, BY_ADMIN }, false },
	{ { "submit_evidence", PSTATE_VERIFICATION, BY_HEAD }, false },
	{ { "close_verification", PSTATE_SCORING, BY_VERIFIER }, false },
	{ { "scored", PSTATE_ASSESSED, BY_ASSESSOR }, false },
	{ { "not_recommend", PSTATE_NOT_RECOMMENDED, BY_ADMIN }, true },
	{ { "recommend", PSTATE_RECOMMENDED, BY_ADMIN }, false },
	{ { "award", PSTATE_SUPERVISED, BY_ADMIN }, false },
};
/* clang-format on */

/* The steps that led to st, in order: the path up to the first step that
 * reaches st (a declaration is approved, then recorded, before it is
 * confirmed; "approve" already reaches the approved state); their count. */
size_t
scale_path(enum pstate st, struct scale_step out[SCALE_STEPS_MAX])
{
	size_t i, n = 0;

	if (st == PSTATE_DRAFT)
		return 0;
	for (i = 0; i < N(path); i++) {
		if (path[i].off_path && path[i].step.to != st)
			continue;
		out[n++] = path[i].step;
		if (path[i].step.to == st)
			break;
	}
	return n;
}

/* How far st has come: whether it reached state at on the way. */
static bool
reached(enum pstate st, enum pstate at)
{
	struct scale_step p[SCALE_STEPS_MAX];
	size_t i, n = scale_path(st, p);

	for (i = 0; i < n; i++)
		if (p[i].to == at)
			return true;
	return st == at;
}

/* When step k of unit i's path was taken: two days apart, 28 days ago. */
const char *
scale_step_at(const struct scale *s, size_t i, size_t k, char out[TIME_ISO_LEN])
{
	return scale_ago(s, 28 - 2 * (int)k, -(int)(scale_mix(i, 11) % 7200), out);
}

static int64_t
operator_of(const struct scale *s, size_t i)
{
	return s->users0 + 2 * (int64_t)i;
}

/* The verifier (who = 0) or assessor who (1, 2) of unit i: the ordinary
 * demo's for some units outside their home provinces, else the pool's,
 * never from the unit's own province. */
static int64_t
reviewer(const struct scale *s, size_t i, int who)
{
	static const int demo_home[3] = { 31, 34, 35 };
	const struct scale_unit *u = &s->units[i];
	size_t v = s->pool / 3, k = 3 * (i % v) + (size_t)who;

	if (i < DEMO_ASSIGNED && u->province != demo_home[0] &&
	    u->province != demo_home[1] && u->province != demo_home[2])
		return who == 0 ? s->verifier : s->assessor[who - 1];
	if (provinces[(k - (size_t)who) % province_count].code == u->province ||
	    provinces[(k - (size_t)who + 1) % province_count].code == u->province ||
	    provinces[(k - (size_t)who + 2) % province_count].code == u->province)
		k = k >= 3 ? k - 3 : k + 3;
	return s->pool0 + (int64_t)k;
}

int64_t
scale_actor(const struct scale *s, size_t i, enum scale_actor by)
{
	switch (by) {
	case BY_OPERATOR:
		return operator_of(s, i);
	case BY_HEAD:
		return operator_of(s, i) + 1;
	case BY_VERIFIER:
		return reviewer(s, i, 0);
	case BY_ASSESSOR:
		return reviewer(s, i, 2);
	default:
		return s->admin;
	}
}

static int
load_participations(struct scale *s, struct err *e)
{
	struct db_bulk *b = db_bulk_open(s->c, DB_BULK_PARTICIPATION, e);
	char enrolled[TIME_ISO_LEN], at[TIME_ISO_LEN];
	struct scale_step p[SCALE_STEPS_MAX];
	size_t i, n;
	int rc = 0;

	if (b == NULL)
		return -1;
	s->part0 = s->next.part;
	scale_ago(s, 30, 0, enrolled);
	for (i = 0; i < s->n && rc == 0; i++) {
		enum pstate st = s->units[i].state;

		n = scale_path(st, p);
		if (s->sample_part[st] == 0)
			s->sample_part[st] = s->part0 + (int64_t)i;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.part++), DBP_INT(s->cycle),
			DBP_INT(s->units[i].id), DBP_TEXT(stage_code(pstate_stage(st))),
			DBP_TEXT(pstate_code(st)), DBP_TEXT(enrolled), DBP_INT(s->admin),
			DBP_TEXT(n > 0 ? scale_step_at(s, i, n - 1, at) : enrolled) },
		    8, e);
	}
	if (scale_next(s, &b, rc, DB_BULK_EVENT, e) < 0)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		size_t k;

		n = scale_path(s->units[i].state, p);
		for (k = 0; k < n && rc == 0; k++)
			rc = scale_row(s, b,
			    (struct db_param[]){ DBP_INT(s->next.event++),
				DBP_INT(s->part0 + (int64_t)i),
				DBP_TEXT(scale_step_at(s, i, k, at)),
				DBP_INT(scale_actor(s, i, p[k].by)), DBP_TEXT(p[k].what),
				DBP_TEXT(stage_code(pstate_stage(p[k].to))),
				DBP_TEXT(pstate_code(p[k].to)), DBP_NULL },
			    8, e);
	}
	return scale_close(s, b, rc, e);
}

/* The provinces' joint declarations (confirmed) for the units past it,
 * and one request of its own for each unit still at requested or
 * approved. */
static int
load_declarations(struct scale *s, struct err *e)
{
	char at[4][TIME_ISO_LEN], day[2][TIME_DATE_LEN];
	struct db_bulk *b = db_bulk_open(s->c, DB_BULK_DECLARATION, e);
	int64_t own;
	size_t i;
	int rc = 0;

	if (b == NULL)
		return -1;
	s->decl0 = s->next.decl;
	scale_ago(s, 27, 0, at[0]);
	scale_ago(s, 26, 0, at[1]);
	scale_ago(s, 25, 0, at[2]);
	scale_ago(s, 24, 0, at[3]);
	scale_date(s, -26, day[0]);
	scale_date(s, -25, day[1]);
	for (i = 0; i < province_count && rc == 0; i++) {
		const char *prov = provinces[i].name;

		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.decl++), DBP_INT(s->cycle),
			DBP_INT(provinces[i].code), DBP_TEXT("confirmed"),
			DBP_TEXT(day[0]), DBP_TEXT("luring"),
			DBP_TEXT(arena_printf(&s->scratch, "Aula Kantor Gubernur %s", prov)),
			DBP_TEXT(""),
			DBP_TEXT("Direktur Jenderal HAM; Sekretaris Daerah Provinsi"),
			DBP_INT(s->admin), DBP_TEXT(at[0]), DBP_INT(s->admin),
			DBP_TEXT(at[1]), DBP_TEXT("Dr. Mualimin Abdi"),
			DBP_TEXT("Direktur Jenderal HAM"), DBP_TEXT(day[1]),
			DBP_TEXT("luring"), DBP_INT(150), DBP_INT(s->admin),
			DBP_TEXT(at[2]), DBP_INT(s->admin), DBP_TEXT(at[3]) },
		    22, e);
	}
	scale_date(s, 14, day[0]);
	for (i = 0; i < s->n && rc == 0; i++) {
		enum pstate st = s->units[i].state;
		bool ok = st == PSTATE_APPROVED;

		if (st != PSTATE_REQUESTED && st != PSTATE_APPROVED)
			continue;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.decl++), DBP_INT(s->cycle),
			DBP_INT(s->units[i].province), DBP_TEXT(ok ? "approved" : "requested"),
			DBP_TEXT(day[0]), DBP_TEXT("hibrida"), DBP_TEXT("Aula unit kerja"),
			DBP_TEXT("https://vicon.kemenham.go.id/pencanangan"),
			DBP_TEXT("Kepala Kantor Wilayah; perwakilan Forkopimda"),
			DBP_INT(operator_of(s, i)), DBP_TEXT(scale_step_at(s, i, 0, at[0])),
			ok ? DBP_INT(s->admin) : DBP_NULL,
			ok ? DBP_TEXT(scale_step_at(s, i, 1, at[1])) : DBP_NULL,
			ok ? DBP_TEXT("Dr. Mualimin Abdi") : DBP_NULL,
			ok ? DBP_TEXT("Direktur Jenderal HAM") : DBP_NULL, DBP_NULL,
			DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL },
		    22, e);
	}
	if (scale_next(s, &b, rc, DB_BULK_DECL_MEMBER, e) < 0)
		return -1;
	own = s->decl0 + (int64_t)province_count;
	for (i = 0; i < s->n && rc == 0; i++) {
		enum pstate st = s->units[i].state;
		size_t p;

		if (st == PSTATE_DRAFT)
			continue;
		for (p = 0; provinces[p].code != s->units[i].province; p++)
			;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(st == PSTATE_REQUESTED || st == PSTATE_APPROVED
						 ? own++
						 : s->decl0 + (int64_t)p),
			DBP_INT(s->part0 + (int64_t)i), DBP_INT(1) },
		    3, e);
	}
	if (scale_next(s, &b, rc, DB_BULK_DECL_WITNESS, e) < 0)
		return -1;
	for (i = 0; i < 2 * province_count && rc == 0; i++)
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.witness++),
			DBP_INT(s->decl0 + (int64_t)(i / 2)), DBP_INT((int64_t)(i % 2) + 1),
			DBP_TEXT(i % 2 == 0 ? "Dr. Mualimin Abdi" : "Sekretaris Daerah"),
			DBP_TEXT(i % 2 == 0 ? "Direktur Jenderal HAM"
					    : "Sekretaris Daerah Provinsi"),
			DBP_TEXT(i % 2 == 0 ? "Kementerian HAM"
					    : arena_printf(&s->scratch, "Pemerintah Provinsi %s",
						  provinces[i / 2].name)),
			DBP_TEXT(i % 2 == 0 ? "ditjen_ham" : "forkopimda") },
		    7, e);
	return scale_close(s, b, rc, e);
}

/* The option unit i chose for indicator k: mostly the best, some the
 * next; a knock-out indicator is always met. */
static const char *
choice(size_t i, size_t k, const struct rb_indicator *ind)
{
	size_t o = scale_mix(i * 64 + k, 13) % 10 < 8 || ind->is_knockout ? 0 : 1;

	return ind->scale->options[o < ind->scale->option_count ? o : 0].code;
}

/* Answers, the unit head's signed statement and the evidence of every
 * unit past its declaration. */
static int
load_answers(struct scale *s, struct err *e)
{
	struct db_bulk *b = db_bulk_open(s->c, DB_BULK_ANSWER, e);
	char at[TIME_ISO_LEN];
	size_t i, k;
	int rc = 0;

	if (b == NULL)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		if (!reached(s->units[i].state, PSTATE_BUILDING))
			continue;
		scale_step_at(s, i, 3, at);
		for (k = 0; k < SCALE_INDICATORS && rc == 0; k++)
			rc = scale_row(s, b,
			    (struct db_param[]){ DBP_INT(s->part0 + (int64_t)i),
				DBP_TEXT(s->ind[k]->code), DBP_TEXT(choice(i, k, s->ind[k])),
				DBP_TEXT(k % 4 == 0
					? "Sudah tersedia dan digunakan sejak 2023."
					: ""),
				DBP_INT(operator_of(s, i)), DBP_TEXT(at) },
			    6, e);
	}
	if (scale_next(s, &b, rc, DB_BULK_FILE, e) < 0)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		const struct scale_sample *m = &s->samples[3];

		if (!reached(s->units[i].state, PSTATE_BUILDING))
			continue;
		if (s->sample_file == 0)
			s->sample_file = s->next.file + 1;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.file++), DBP_TEXT(m->sha256),
			DBP_TEXT(m->name), DBP_TEXT("application/pdf"), DBP_INT(m->size),
			DBP_INT(s->part0 + (int64_t)i), DBP_TEXT("statement"), DBP_NULL,
			DBP_INT(operator_of(s, i) + 1), DBP_TEXT(scale_step_at(s, i, 2, at)) },
		    10, e);
		scale_step_at(s, i, 3, at);
		for (k = 0; k < SCALE_INDICATORS && rc == 0; k++) {
			if (!s->ind[k]->evidence_required)
				continue;
			m = &s->samples[k % 3];
			rc = scale_row(s, b,
			    (struct db_param[]){ DBP_INT(s->next.file++), DBP_TEXT(m->sha256),
				DBP_TEXT(m->name), DBP_TEXT("application/pdf"),
				DBP_INT(m->size), DBP_INT(s->part0 + (int64_t)i),
				DBP_TEXT("evidence"), DBP_TEXT(s->ind[k]->code),
				DBP_INT(operator_of(s, i)), DBP_TEXT(at) },
			    10, e);
		}
	}
	return scale_close(s, b, rc, e);
}

/* Evaluations: failed with a reason, or passed. */
static int
load_evaluations(struct scale *s, struct err *e)
{
	struct db_bulk *b = db_bulk_open(s->c, DB_BULK_EVALUATION, e);
	char at[TIME_ISO_LEN];
	int64_t first = s->next.eval;
	size_t i;
	int rc = 0;

	if (b == NULL)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		enum pstate st = s->units[i].state;
		bool fail = st == PSTATE_FAILED;

		if (!fail && !reached(st, PSTATE_EVIDENCE_OPEN))
			continue;
		rc = scale_row(s, b,
		    (struct db_param[]){ DBP_INT(s->next.eval++),
			DBP_INT(s->part0 + (int64_t)i), DBP_TEXT(fail ? "fail" : "pass"),
			DBP_INT(s->admin), DBP_TEXT(scale_step_at(s, i, 5, at)),
			DBP_TEXT(fail ? "Belum memenuhi kriteria inovasi." : "") },
		    6, e);
	}
	if (scale_next(s, &b, rc, DB_BULK_EVAL_REASON, e) < 0)
		return -1;
	for (i = 0; i < s->n && rc == 0; i++) {
		enum pstate st = s->units[i].state;

		if (st != PSTATE_FAILED && !reached(st, PSTATE_EVIDENCE_OPEN))
			continue;
		if (st == PSTATE_FAILED)
			rc = scale_row(s, b,
			    (struct db_param[]){ DBP_INT(first),
				DBP_TEXT("inovasi"), DBP_TEXT("Belum ada inovasi pelayanan publik yang berjalan.") },
			    3, e);
		first++;
	}
	return scale_close(s, b, rc, e);
}

/* The reviewers' assignments and the grants that ride on them. */
static int
load_assignments(struct scale *s, struct err *e)
{
	static const char *const stmt = "Saya menyatakan tidak memiliki benturan "
					"kepentingan dengan unit kerja ini.";
	char at[TIME_ISO_LEN], due[TIME_DATE_LEN];
	struct db_bulk *b;
	int pass, who;
	size_t i;
	int rc = 0;

	scale_date(s, 14, due);
	for (pass = 0; pass < 2; pass++) {
		b = db_bulk_open(s->c, pass == 0 ? DB_BULK_ASSIGNMENT : DB_BULK_ROLE_GRANT, e);
		if (b == NULL)
			return -1;
		for (i = 0; i < s->n && rc == 0; i++) {
			enum pstate st = s->units[i].state;

			if (!reached(st, PSTATE_VERIFICATION))
				continue;
			scale_step_at(s, i, 6, at);
			for (who = 0;
			     who < (reached(st, PSTATE_SCORING) ? 3 : 1) && rc == 0; who++) {
				const char *role = who == 0 ? "verifier" : "assessor";
				int64_t pid = s->part0 + (int64_t)i,
					user = reviewer(s, i, who);

				rc = pass == 0
				    ? scale_row(s, b,
					  (struct db_param[]){ DBP_INT(s->next.asg++),
					      DBP_INT(pid), DBP_INT(user), DBP_TEXT(role),
					      DBP_TEXT(due), DBP_INT(s->admin), DBP_TEXT(at),
					      who > 0 ? DBP_TEXT("no_conflict") : DBP_NULL,
					      who > 0 ? DBP_TEXT(stmt) : DBP_NULL,
					      who > 0 ? DBP_TEXT(at) : DBP_NULL },
					  10, e)
				    : scale_row(s, b,
					  (struct db_param[]){ DBP_INT(s->next.grnt++),
					      DBP_INT(user), DBP_TEXT(role),
					      DBP_TEXT("participation"), DBP_INT(pid),
					      DBP_INT(0), DBP_INT(s->admin), DBP_TEXT(at) },
					  8, e);
			}
		}
		if (scale_close(s, b, rc, e) < 0)
			return -1;
	}
	return 0;
}

/* The verifier's verdicts and closing, and both assessors' scores. */
static int
load_reviews(struct scale *s, struct err *e)
{
	enum db_bulk_target t[4] = { DB_BULK_VERDICT, DB_BULK_VERIFICATION_CLOSE,
		DB_BULK_SCORE_SHEET, DB_BULK_SCORE };
	char at[TIME_ISO_LEN], done[TIME_ISO_LEN];
	struct db_bulk *b;
	size_t i, k, pass;
	int rc = 0, who;

	for (pass = 0; pass < N(t); pass++) {
		if ((b = db_bulk_open(s->c, t[pass], e)) == NULL)
			return -1;
		for (i = 0; i < s->n && rc == 0; i++) {
			enum pstate st = s->units[i].state;
			int64_t pid = s->part0 + (int64_t)i;

			if (!reached(st, pass < 2 ? PSTATE_SCORING : PSTATE_ASSESSED))
				continue;
			scale_step_at(s, i, pass < 2 ? 7 : 8, done);
			scale_step_at(s, i, pass < 2 ? 6 : 7, at);
			if (pass == 1)
				rc = scale_row(s, b,
				    (struct db_param[]){ DBP_INT(pid),
					DBP_INT(reviewer(s, i, 0)), DBP_TEXT(done) },
				    3, e);
			for (who = 1; pass == 2 && who <= 2 && rc == 0; who++)
				rc = scale_row(s, b,
				    (struct db_param[]){ DBP_INT(pid),
					DBP_INT(reviewer(s, i, who)), DBP_TEXT(at),
					DBP_TEXT(done) },
				    4, e);
			for (k = 0;
			     (pass == 0 || pass == 3) && k < SCALE_INDICATORS && rc == 0;
			     k++) {
				const char *opt = choice(i, k, s->ind[k]);

				if (pass == 0)
					rc = scale_row(s, b,
					    (struct db_param[]){ DBP_INT(s->next.verdict++),
						DBP_INT(pid), DBP_TEXT(s->ind[k]->code),
						DBP_INT(0), DBP_TEXT("verified"), DBP_TEXT(""),
						DBP_INT(reviewer(s, i, 0)), DBP_TEXT(at) },
					    8, e);
				for (who = 1; pass == 3 && who <= 2 && rc == 0; who++)
					rc = scale_row(s, b,
					    (struct db_param[]){ DBP_INT(pid),
						DBP_INT(reviewer(s, i, who)),
						DBP_TEXT(s->ind[k]->code),
						DBP_TEXT(opt), DBP_TEXT("Sesuai data dukung dan hasil verifikasi."),
						DBP_TEXT(done) },
					    6, e);
			}
		}
		if (scale_close(s, b, rc, e) < 0)
			return -1;
	}
	return 0;
}

/* One closed plenary with its recommendations and one issued decree with
 * the awards of the supervised units. */
static int
load_decisions(struct scale *s, struct err *e)
{
	char at[2][TIME_ISO_LEN], day[2][TIME_DATE_LEN];
	struct db_bulk *b;
	size_t i, pass;
	int rc = 0;

	s->plenary = s->next.plenary++;
	s->decree = s->next.decree++;
	scale_ago(s, 8, 0, at[0]);
	scale_ago(s, 6, 0, at[1]);
	scale_date(s, -8, day[0]);
	scale_date(s, -6, day[1]);
	if ((b = db_bulk_open(s->c, DB_BULK_PLENARY, e)) == NULL)
		return -1;
	rc = scale_row(s, b,
	    (struct db_param[]){ DBP_INT(s->plenary), DBP_INT(s->cycle), DBP_TEXT(day[0]),
		DBP_TEXT("Ruang Rapat Direktorat Jenderal HAM, Jakarta"),
		DBP_INT(s->admin), DBP_TEXT(at[0]), DBP_INT(s->admin), DBP_TEXT(at[0]) },
	    8, e);
	if (scale_next(s, &b, rc, DB_BULK_DECREE, e) < 0)
		return -1;
	rc = scale_row(s, b,
	    (struct db_param[]){ DBP_INT(s->decree), DBP_INT(s->cycle),
		DBP_TEXT("M.HH-99.HA.04.02 TAHUN 2024"), DBP_TEXT(day[1]), DBP_TEXT("Jakarta"),
		DBP_TEXT("Menteri Hak Asasi Manusia"), DBP_TEXT("Menteri"),
		DBP_TEXT(
		    "bahwa unit kerja yang tercantum telah memenuhi kriteria P2HAM."),
		DBP_TEXT(day[1]), DBP_TEXT("issued"), DBP_INT(s->admin), DBP_TEXT(at[1]),
		DBP_TEXT(at[1]), DBP_INT(s->admin), DBP_TEXT(at[1]) },
	    15, e);
	if (scale_close(s, b, rc, e) < 0)
		return -1;
	for (pass = 0; pass < 3; pass++) {
		static const enum db_bulk_target t[3] = { DB_BULK_RECOMMENDATION,
			DB_BULK_DECREE_ENTRY, DB_BULK_AWARD };

		if ((b = db_bulk_open(s->c, t[pass], e)) == NULL)
			return -1;
		for (i = 0; i < s->n && rc == 0; i++) {
			enum pstate st = s->units[i].state;
			int64_t pid = s->part0 + (int64_t)i;
			bool yes = st != PSTATE_NOT_RECOMMENDED;

			if (pass == 0 ? !reached(st, PSTATE_RECOMMENDED) && st != PSTATE_NOT_RECOMMENDED
				      : st != PSTATE_SUPERVISED)
				continue;
			rc = pass == 0
			    ? scale_row(s, b,
				  (struct db_param[]){ DBP_INT(pid), DBP_INT(s->plenary),
				      DBP_INT(yes),
				      DBP_TEXT(yes ? "Memenuhi ambang batas dan semua "
						     "indikator kunci."
						   : "Nilai di bawah ambang batas."),
				      DBP_INT(s->admin), DBP_TEXT(at[0]) },
				  6, e)
			    : pass == 1
			    ? scale_row(s, b,
				  (struct db_param[]){ DBP_INT(s->decree), DBP_INT(pid),
				      DBP_INT(1), DBP_TEXT("p2ham"), DBP_TEXT("87.50") },
				  5, e)
			    : scale_row(s, b,
				  (struct db_param[]){ DBP_INT(pid), DBP_INT(s->decree),
				      DBP_TEXT("p2ham"), DBP_TEXT(day[1]), DBP_TEXT(at[1]) },
				  5, e);
		}
		if (scale_close(s, b, rc, e) < 0)
			return -1;
	}
	return 0;
}

int
scale_stages(struct scale *s, struct err *e)
{
	return load_participations(s, e) < 0 || load_declarations(s, e) < 0 ||
		load_answers(s, e) < 0 || load_evaluations(s, e) < 0 ||
		load_assignments(s, e) < 0 || load_reviews(s, e) < 0 ||
		load_decisions(s, e) < 0
	    ? -1
	    : 0;
}

int64_t
scale_demo_reviewed(const struct scale *s, enum pstate st)
{
	size_t i;

	for (i = 0; i < s->n && i < DEMO_ASSIGNED; i++)
		if (s->units[i].state == st && reviewer(s, i, 0) == s->verifier)
			return s->part0 + (int64_t)i;
	return 0;
}
