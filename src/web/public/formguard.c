/*
 * formguard.c - signed form tokens, the honeypot, the per-address rate
 * limit, device marks and the refusal counters of the public forms (see
 * formguard.h).
 *
 * A token is "1.<issued ms>.<object>.<nonce>.<mac>": the nonce 16 random
 * bytes in hex, the mac HMAC-SHA-256 in hex of "<form>\n" and everything
 * before it. A device mark is "<day>_<object>_<object>....<mac>", the mac
 * over "<form>\nmark\n" and the entries.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/log.h"
#include "base/str.h"
#include "docs/sign.h"
#include "http/request.h"
#include "web/public/formguard.h"

#define MAC_HEX (crypto_auth_hmacsha256_BYTES * 2 + 1)
#define STRIPES 64
#define STRIPE_SLOTS 64
#define ADDR_MAX 64
#define FORMS_MAX 8
#define MARK_OBJECTS_MAX 32

static struct {
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	crypto_auth_hmacsha256_state keyed; /* the state after the key */
	struct formguard_config cfg;
	struct db *db;         /* counts in form_rate when shared */
	bool shared;           /* PostgreSQL: servers count together */
	_Atomic int64_t swept; /* window whose old rows were removed */
} fg;

struct rate_slot {
	char addr[ADDR_MAX];
	int64_t window; /* start of the window counted */
	long n;
};

static struct {
	pthread_mutex_t lock;
	struct rate_slot slot[STRIPE_SLOTS];
} stripes[STRIPES];

static struct {
	pthread_mutex_t lock;
	const char *name[FORMS_MAX];
	_Atomic uint64_t n[FORMS_MAX][FG_REASON_MAX];
} refusals = { .lock = PTHREAD_MUTEX_INITIALIZER };

#define KEY_ENTRY(value, code) [value] = "formguard." code,
static const char *const reason_names[FG_REASON_MAX] = { FG_REASON_LIST(CODE_ENTRY) };
static const char *const reason_keys[FG_REASON_MAX] = { FG_REASON_LIST(KEY_ENTRY) };
#undef KEY_ENTRY

void
formguard_init_key(const unsigned char key[32], const struct formguard_config *cfg)
{
	size_t i;

	memcpy(fg.key, key, sizeof(fg.key));
	crypto_auth_hmacsha256_init(&fg.keyed, fg.key, sizeof(fg.key));
	memset(&fg.cfg, 0, sizeof(fg.cfg));
	if (cfg != NULL)
		fg.cfg = *cfg;
	if (fg.cfg.min_fill_ms <= 0)
		fg.cfg.min_fill_ms = 1000;
	if (fg.cfg.max_age <= 0)
		fg.cfg.max_age = 6 * 3600;
	if (fg.cfg.rate_max == 0)
		fg.cfg.rate_max = 120;
	if (fg.cfg.rate_window <= 0)
		fg.cfg.rate_window = 600;
	if (fg.cfg.honeypot == NULL || fg.cfg.honeypot[0] == '\0')
		fg.cfg.honeypot = "situs_web";
	for (i = 0; i < STRIPES; i++) {
		pthread_mutex_init(&stripes[i].lock, NULL);
		memset(stripes[i].slot, 0, sizeof(stripes[i].slot));
	}
}

int
formguard_init(const char *data_dir, const struct formguard_config *cfg, struct err *e)
{
	unsigned char key[crypto_kdf_KEYBYTES];
	struct sign_keys k;

	if (sign_keys_load(data_dir, &k, e) < 0)
		return -1;
	/* The libsodium secret key starts with its 32-byte seed. */
	crypto_kdf_derive_from_key(key, sizeof(key), 1, "formgard", k.sk);
	sign_keys_wipe(&k);
	formguard_init_key(key, cfg);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* The setting key as a number into *v, untouched when it is not set or
 * not a number. */
static int
setting_long(struct db_conn *c, const char *key, long *v, struct err *e)
{
	json_t *rows = NULL;
	const char *t;
	int64_t n;

	if (db_exec(c, DB_SETTING_GET, (struct db_param[]){ DBP_TEXT(key) }, 1, &rows, e) < 0)
		return -1;
	t = json_string_value(json_object_get(json_array_get(rows, 0), "value"));
	if (t != NULL && str_to_i64(t, strlen(t), -1, INT32_MAX, &n) == 0)
		*v = (long)n;
	json_decref(rows);
	return 0;
}

static bool
setting_present(struct db_conn *c, const char *key)
{
	struct err e;
	long v = -2;

	err_clear(&e);
	return setting_long(c, key, &v, &e) == 0 && v != -2;
}

int
formguard_start(struct db *db, const char *data_dir, struct err *e)
{
	static char honeypot[64];
	struct formguard_config cfg = { 0 };
	struct db_conn *c;
	json_t *rows = NULL;
	const char *t;

	if ((c = db_conn(db, e)) == NULL ||
	    setting_long(c, "form.min_fill_ms", &cfg.min_fill_ms, e) < 0 ||
	    setting_long(c, "form.max_age", &cfg.max_age, e) < 0 ||
	    setting_long(c, "form.rate_max", &cfg.rate_max, e) < 0 ||
	    setting_long(c, "form.rate_window", &cfg.rate_window, e) < 0 ||
	    db_exec(c, DB_SETTING_GET, (struct db_param[]){ DBP_TEXT("form.honeypot") },
		1, &rows, e) < 0)
		return -1;
	/* The setting says 0 for no limit, the configuration a negative. */
	if (cfg.rate_max == 0 && setting_present(c, "form.rate_max"))
		cfg.rate_max = -1;
	t = json_string_value(json_object_get(json_array_get(rows, 0), "value"));
	if (t != NULL && t[0] != '\0' && strlen(t) < sizeof(honeypot)) {
		snprintf(honeypot, sizeof(honeypot), "%s", t);
		cfg.honeypot = honeypot;
	}
	json_decref(rows);
	if (formguard_init(data_dir, &cfg, e) < 0)
		return -1;
	/* Several servers may share a PostgreSQL database; a SQLite file
	 * has one server, which counts in memory. */
	fg.db = db;
	fg.shared = db_backend(db) == DB_POSTGRES;
	return 0;
}

const struct formguard_config *
formguard_config(void)
{
	return &fg.cfg;
}

static void
mac_hex(const char *form, const char *sep, const char *payload, size_t len, char out[MAC_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st = fg.keyed; /* the key's two blocks hashed once */

	crypto_auth_hmacsha256_update(&st, (const unsigned char *)form, strlen(form));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)sep, strlen(sep));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)payload, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, MAC_HEX, mac, sizeof(mac));
}

void
formguard_issue(const char *form, int64_t object, int64_t now_ms, char out[FORMGUARD_TOKEN_MAX])
{
	unsigned char nonce[16];
	char hex[FORMGUARD_NONCE_HEX], mac[MAC_HEX];
	int n;

	randombytes_buf(nonce, sizeof(nonce));
	sodium_bin2hex(hex, sizeof(hex), nonce, sizeof(nonce));
	n = snprintf(out, FORMGUARD_TOKEN_MAX, "1.%" PRId64 ".%" PRId64 ".%s", now_ms,
	    object, hex);
	mac_hex(form, "\n", out, (size_t)n, mac);
	snprintf(out + n, FORMGUARD_TOKEN_MAX - (size_t)n, ".%s", mac);
}

/* Parse a decimal at *p up to the next '.', into *v; advances *p. */
static int
field_i64(const char **p, int64_t *v)
{
	const char *s = *p, *dot = strchr(s, '.');

	if (dot == NULL || dot == s || dot - s > 19)
		return -1;
	if (str_to_i64(s, (size_t)(dot - s), 0, INT64_MAX, v) < 0)
		return -1;
	*p = dot + 1;
	return 0;
}

enum formguard_reason
formguard_check(const char *token, const char *form, int64_t object, int64_t now_ms,
    struct formguard_token *t)
{
	char mac[MAC_HEX];
	const char *p, *nonce, *last;
	size_t i;

	if (token == NULL || strncmp(token, "1.", 2) != 0 || strlen(token) >= FORMGUARD_TOKEN_MAX)
		return FG_TOKEN;
	p = token + 2;
	if (field_i64(&p, &t->issued_ms) < 0 || field_i64(&p, &t->object) < 0)
		return FG_TOKEN;
	nonce = p;
	if ((last = strchr(nonce, '.')) == NULL ||
	    last - nonce != FORMGUARD_NONCE_HEX - 1 || strlen(last + 1) != MAC_HEX - 1)
		return FG_TOKEN;
	for (i = 0; i < FORMGUARD_NONCE_HEX - 1; i++)
		if (!((nonce[i] >= '0' && nonce[i] <= '9') ||
			(nonce[i] >= 'a' && nonce[i] <= 'f')))
			return FG_TOKEN;
	memcpy(t->nonce, nonce, FORMGUARD_NONCE_HEX - 1);
	t->nonce[FORMGUARD_NONCE_HEX - 1] = '\0';
	/* A token of another form fails here too: the form is in the mac. */
	mac_hex(form, "\n", token, (size_t)(last - token), mac);
	if (sodium_memcmp(mac, last + 1, MAC_HEX - 1) != 0)
		return FG_TOKEN;
	if (t->object != object)
		return FG_MISMATCH;
	if (now_ms - t->issued_ms < fg.cfg.min_fill_ms)
		return FG_TOO_FAST;
	if (now_ms - t->issued_ms > fg.cfg.max_age * 1000)
		return FG_EXPIRED;
	return FG_OK;
}

/* The count of this process alone (SQLite, or the database failing). */
static enum formguard_reason
rate_memory(const char *address, int64_t now)
{
	struct rate_slot *s, *victim = NULL;
	uint64_t h = mem_hash(address, strlen(address));
	int64_t window;
	size_t i;
	enum formguard_reason r = FG_OK;

	window = now - now % fg.cfg.rate_window;
	i = h % STRIPES;
	pthread_mutex_lock(&stripes[i].lock);
	for (size_t j = 0; j < STRIPE_SLOTS; j++) {
		s = &stripes[i].slot[j];
		if (strncmp(s->addr, address, ADDR_MAX - 1) == 0 && s->addr[0] != '\0') {
			victim = s;
			break;
		}
		if (victim == NULL || s->window < victim->window)
			victim = s;
	}
	s = victim;
	if (strncmp(s->addr, address, ADDR_MAX - 1) != 0 || s->window != window) {
		snprintf(s->addr, sizeof(s->addr), "%s", address);
		s->window = window;
		s->n = 0;
	}
	if (s->n >= fg.cfg.rate_max)
		r = FG_RATE;
	else
		s->n++;
	pthread_mutex_unlock(&stripes[i].lock);
	return r;
}

/* Remove the rows of windows before the current one, once per window
 * per server: the next post of such an address starts a new window
 * anyway. The survey's used nonces go too once their tokens are past
 * max_age (with five minutes for clocks that differ between servers). */
static void
rate_sweep(struct db_conn *c, int64_t window)
{
	int64_t seen = atomic_load(&fg.swept);
	struct err e;

	if (seen >= window || !atomic_compare_exchange_strong(&fg.swept, &seen, window))
		return;
	err_clear(&e);
	if (db_exec(c, DB_FORM_RATE_SWEEP, (struct db_param[]){ DBP_INT(window) }, 1,
		NULL, &e) < 0 ||
	    db_exec(c, DB_SURVEY_NONCES_SWEEP,
		(struct db_param[]){ DBP_INT(window - fg.cfg.max_age - 300) }, 1, NULL, &e) < 0)
		log_warn("event=form_rate_sweep_failed msg=\"%s\"", e.msg);
}

enum formguard_reason
formguard_rate(const char *address, int64_t now)
{
	struct db_conn *c;
	json_t *rows = NULL;
	int64_t window, used;
	struct err e;

	if (fg.cfg.rate_max <= 0 || address == NULL)
		return FG_OK;
	if (!fg.shared)
		return rate_memory(address, now);
	/* One atomic statement on the request's own connection, so that
	 * every server counts the address together. */
	window = now - now % fg.cfg.rate_window;
	err_clear(&e);
	if ((c = db_conn(fg.db, &e)) == NULL ||
	    db_exec(c, DB_FORM_RATE_TAKE,
		(struct db_param[]){ DBP_TEXT(address), DBP_INT(window) }, 2, &rows, &e) < 0) {
		log_warn("event=form_rate_failed msg=\"%s\"", e.msg);
		return rate_memory(address, now);
	}
	used = json_integer_value(json_object_get(json_array_get(rows, 0), "used"));
	json_decref(rows);
	rate_sweep(c, window);
	return used > fg.cfg.rate_max ? FG_RATE : FG_OK;
}

bool
formguard_honeypot(const struct request *req)
{
	const struct slice *v = kv_get(&req->form, fg.cfg.honeypot);

	return v != NULL && v->len > 0;
}

/* Split a mark into its payload length and mac; false when it is not
 * genuine for form. */
static bool
mark_genuine(const char *form, const char *value, size_t *payload)
{
	char mac[MAC_HEX];
	const char *dot;

	if (value == NULL || (dot = strrchr(value, '.')) == NULL ||
	    strlen(dot + 1) != MAC_HEX - 1)
		return false;
	mac_hex(form, "\nmark\n", value, (size_t)(dot - value), mac);
	if (sodium_memcmp(mac, dot + 1, MAC_HEX - 1) != 0)
		return false;
	*payload = (size_t)(dot - value);
	return true;
}

bool
formguard_mark_has(const char *form, const char *value, int64_t object, const char *day)
{
	size_t len, dl = strlen(day);
	const char *p, *end;
	int64_t v;

	if (!mark_genuine(form, value, &len) || len < dl || strncmp(value, day, dl) != 0)
		return false;
	end = value + len;
	for (p = value + dl; p < end && *p == '_';) {
		const char *q = ++p;

		while (q < end && *q != '_')
			q++;
		if (str_to_i64(p, (size_t)(q - p), 0, INT64_MAX, &v) == 0 && v == object)
			return true;
		p = q;
	}
	return false;
}

int
formguard_mark_add(const char *form, const char *value, int64_t object, const char *day,
    char *out, size_t cap)
{
	char mac[MAC_HEX];
	size_t len = 0, n, dl = strlen(day);
	const char *keep = "";

	/* The entries of today stay, up to a number; older days go. */
	if (mark_genuine(form, value, &len) && len > dl && strncmp(value, day, dl) == 0 &&
	    len - dl < MARK_OBJECTS_MAX * 20)
		keep = value + dl;
	else
		len = dl;
	n = (size_t)snprintf(out, cap, "%s%.*s_%" PRId64, day, (int)(len - dl), keep, object);
	if (n >= cap)
		return -1;
	mac_hex(form, "\nmark\n", out, n, mac);
	if (n + 1 + strlen(mac) >= cap)
		return -1;
	snprintf(out + n, cap - n, ".%s", mac);
	return 0;
}

/* The row of form in the refusal counters, added when new; FORMS_MAX
 * when the table is full. */
static size_t
form_row(const char *form)
{
	const char *name;
	size_t i;

	for (i = 0; i < FORMS_MAX; i++) {
		name = __atomic_load_n(&refusals.name[i], __ATOMIC_ACQUIRE);
		if (name == NULL) {
			pthread_mutex_lock(&refusals.lock);
			if (refusals.name[i] == NULL)
				__atomic_store_n(&refusals.name[i], form, __ATOMIC_RELEASE);
			name = refusals.name[i];
			pthread_mutex_unlock(&refusals.lock);
		}
		if (strcmp(name, form) == 0)
			return i;
	}
	return FORMS_MAX;
}

void
formguard_refused(const char *form, enum formguard_reason r)
{
	size_t i = form_row(form);

	if (i < FORMS_MAX && (int)r > FG_OK && r < FG_REASON_MAX)
		atomic_fetch_add_explicit(&refusals.n[i][r], 1, memory_order_relaxed);
}

const char *
formguard_reason_name(enum formguard_reason r)
{
	return (int)r >= 0 && r < FG_REASON_MAX ? reason_names[r] : "";
}

const char *
formguard_reason_key(enum formguard_reason r)
{
	return (int)r >= 0 && r < FG_REASON_MAX ? reason_keys[r] : reason_keys[FG_TOKEN];
}

int
formguard_status(enum formguard_reason r)
{
	switch (r) {
	case FG_RATE:
	case FG_DEVICE:
		return 429;
	case FG_REPLAY:
		return 409;
	default:
		return 400;
	}
}

void
formguard_metrics_write(struct buf *out)
{
	size_t i, r;

	buf_puts(out,
	    "# HELP p2ham_form_refusals_total Posts of public forms refused, by "
	    "form and reason.\n"
	    "# TYPE p2ham_form_refusals_total counter\n");
	for (i = 0; i < FORMS_MAX; i++) {
		const char *name = __atomic_load_n(&refusals.name[i], __ATOMIC_ACQUIRE);

		if (name == NULL)
			break;
		for (r = FG_OK + 1; r < FG_REASON_MAX; r++)
			buf_printf(out,
			    "p2ham_form_refusals_total{form=\"%s\",reason=\"%s\"} %llu\n",
			    name, reason_names[r],
			    (unsigned long long)atomic_load_explicit(&refusals.n[i][r],
				memory_order_relaxed));
	}
}
