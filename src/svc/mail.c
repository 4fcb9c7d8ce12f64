/*
 * mail.c - the notifications' background thread: the outbox's sender
 * through libcurl's SMTP, and the daily deadline job (see mail.h for why
 * delivery is at most once).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "svc/mail.h"
#include "base/ticker.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "core/notify.h"
#include "core/region.h"
#include "svc/notify.h"
#include "svc/cluster.h"

#define POLL_SECONDS 2    /* between looks at the outbox */
#define BATCH 20          /* messages claimed per look */
#define LEASE_SECONDS 600 /* a claim this old was abandoned */
#define SMTP_TIMEOUT 60   /* one delivery, all of it */
#define SMTP_CONNECT_TIMEOUT 10
#define RECOVER_EVERY \
	30 /* looks between searches for abandoned \
	      claims (a write: not every two seconds) */

static struct {
	struct ticker t;
	struct db *db;
	struct mail_config mc;
	char name[96];        /* this sender */
	char ran[TZ_MAX][32]; /* the local day each zone's job last ran */
	bool is_mine;         /* this server runs the job (cluster.h) */
} w = { .t = TICKER_INIT };

const char *
mail_worker_name(void)
{
	return w.name;
}

bool
mail_address_ok(const char *addr)
{
	const char *at;

	if (addr == NULL || addr[0] == '\0' || strlen(addr) > 254 ||
	    strpbrk(addr, "\r\n<>\" ,;") != NULL)
		return false;
	at = strchr(addr, '@');
	return at != NULL && at != addr && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/* The message being handed to curl. */
struct upload {
	const char *data;
	size_t len, off;
	bool handed; /* curl read the end: the server may have it */
};

static size_t
read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	if (n == 0) {
		u->handed = true;
		return 0;
	}
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

static int
progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return ticker_stopping(&w.t) ? 1 : 0;
}

/* b += base64 of data[0..len), in lines of 76. */
static void
base64_lines(struct buf *b, const char *data, size_t len)
{
	char out[80];
	size_t i, n;

	for (i = 0; i < len; i += 57) {
		n = len - i < 57 ? len - i : 57;
		sodium_bin2base64(out, sizeof(out), (const unsigned char *)data + i, n,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s\r\n", out);
	}
}

/* text with every LF made CRLF, in b. */
static void
crlf(struct buf *b, const char *text)
{
	for (; *text != '\0'; text++) {
		if (*text == '\n')
			buf_printf(b, "\r");
		if (*text != '\r')
			buf_printf(b, "%c", *text);
	}
}

/* The subject as RFC 2047 encoded words, cut between UTF-8 characters. */
static void
subject_words(struct buf *b, const char *s)
{
	char out[80];
	size_t len = strlen(s), i = 0, n;

	buf_printf(b, "Subject:");
	while (i < len) {
		n = len - i < 45 ? len - i : 45;
		while (i + n < len && n > 1 && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		sodium_bin2base64(out, sizeof(out), (const unsigned char *)s + i, n,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s=?UTF-8?B?%s?=\r\n", i == 0 ? " " : " ", out);
		i += n;
	}
	if (len == 0)
		buf_printf(b, "\r\n");
}

/* One part of the message below boundary bnd: text, of MIME subtype
 * (plain or html), in CRLF lines, base64. */
static void
part_write(struct buf *b, const char *bnd, const char *subtype, const char *text)
{
	struct buf part;

	buf_init(&part, 0);
	crlf(&part, text);
	buf_printf(b,
	    "--p2ham-%s\r\nContent-Type: text/%s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n",
	    bnd, subtype);
	base64_lines(b, part.data ? part.data : "", part.len);
	buf_free(&part);
}

/* The whole message of outbox row m: headers and multipart/alternative
 * with the plain text first and the HTML second. */
static int
compose(struct buf *b, json_t *m)
{
	const char *to = json_string_value(json_object_get(m, "to_addr"));
	const char *text = json_string_value(json_object_get(m, "body_text"));
	const char *html = json_string_value(json_object_get(m, "body_html"));
	const char *at = strchr(w.mc.from, '@');
	int64_t id = json_integer_value(json_object_get(m, "id"));
	unsigned char rnd[12];
	char bnd[40], date[64];
	time_t now = time(NULL);
	struct tm tm;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(bnd, sizeof(bnd), rnd, sizeof(rnd));
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "From: %s\r\nTo: %s\r\nDate: %s\r\n", w.mc.from, to, date);
	/* The same id on every attempt, so a receiver can tell a repeat. */
	buf_printf(b, "Message-ID: <outbox-%" PRId64 "@%s>\r\n", id, at ? at + 1 : "p2ham");
	subject_words(b, json_string_value(json_object_get(m, "subject")));
	buf_printf(b,
	    "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
	    "Content-Type: multipart/alternative; boundary=\"p2ham-%s\"\r\n\r\n",
	    bnd);
	part_write(b, bnd, "plain", text);
	part_write(b, bnd, "html", html);
	buf_printf(b, "--p2ham-%s--\r\n", bnd);
	return b->failed ? -1 : 0;
}

/* How a delivery ended. */
enum outcome { OUT_SENT, OUT_RETRY, OUT_FAILED, OUT_UNKNOWN };
static const char *const outcome_codes[] = { "sent", "retry", "failed", "unknown" };

/* Hand message m to the SMTP server; *detail says what it answered. */
static enum outcome
deliver(json_t *m, char *detail, size_t cap)
{
	struct upload u = { 0 };
	struct curl_slist *rcpt = NULL;
	struct buf msg;
	char addr[300];
	CURL *h;
	CURLcode rc;
	long code = 0;
	enum outcome out;

	buf_init(&msg, 0);
	if (!mail_address_ok(json_string_value(json_object_get(m, "to_addr"))) ||
	    compose(&msg, m) < 0) {
		buf_free(&msg);
		snprintf(detail, cap, "the address cannot be written in a message");
		return OUT_FAILED;
	}
	if ((h = curl_easy_init()) == NULL) {
		buf_free(&msg);
		snprintf(detail, cap, "libcurl could not start");
		return OUT_RETRY;
	}
	u.data = msg.data;
	u.len = msg.len;
	snprintf(addr, sizeof(addr), "<%s>", json_string_value(json_object_get(m, "to_addr")));
	rcpt = curl_slist_append(NULL, addr);
	curl_easy_setopt(h, CURLOPT_URL, w.mc.url);
	snprintf(addr, sizeof(addr), "<%s>", w.mc.from);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)SMTP_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	if (w.mc.user != NULL && w.mc.user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, w.mc.user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, w.mc.password ? w.mc.password : "");
	}
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		out = OUT_SENT;
		snprintf(detail, cap, "accepted (%ld)", code);
	} else if (u.handed && code < 400) {
		/* The whole message went out and no refusal came back. */
		out = OUT_UNKNOWN;
		snprintf(detail, cap, "handed over, answer lost: %s", curl_easy_strerror(rc));
	} else {
		out = code >= 500 && code < 600 ? OUT_FAILED : OUT_RETRY;
		snprintf(detail, cap, "%s (%ld)", curl_easy_strerror(rc), code);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	buf_free(&msg);
	return out;
}

/* Record how claimed message id ended, and the attempt. */
static void
settle(struct db_conn *c, int64_t id, int attempts, enum outcome out, const char *detail)
{
	const char *status = out == OUT_SENT   ? "sent"
	    : out == OUT_UNKNOWN               ? "unknown"
	    : out == OUT_FAILED                ? "failed"
	    : attempts >= NOTIFY_MAIL_ATTEMPTS ? "failed"
					       : "queued";
	char now[TIME_ISO_LEN], next[TIME_ISO_LEN];
	time_t t = time(NULL);
	struct err e;

	time_iso(t, now);
	time_iso(t + notify_backoff(attempts), next);
	err_clear(&e);
	if (db_begin(c, &e) < 0 ||
	    db_exec(c, DB_MAIL_SETTLE,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(w.name), DBP_TEXT(status),
		    DBP_TEXT(strcmp(status, "queued") == 0 ? next : now),
		    out == OUT_SENT ? DBP_TEXT(now) : DBP_NULL,
		    out == OUT_SENT ? DBP_NULL : DBP_TEXT(detail) },
		6, NULL, &e) < 0 ||
	    db_exec(c, DB_MAIL_ATTEMPT,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now), DBP_TEXT(w.name),
		    DBP_TEXT(strcmp(status, "failed") == 0 && out == OUT_RETRY
			    ? "failed"
			    : outcome_codes[out]),
		    DBP_TEXT(detail) },
		5, NULL, &e) < 0 ||
	    db_commit(c, &e) < 0) {
		db_rollback(c);
		log_err("event=mail_settle_failed id=%" PRId64 " msg=\"%s\"", id, e.msg);
		return;
	}
	log_info("event=mail id=%" PRId64 " outcome=%s attempts=%d", id, status, attempts);
}

/* Mark what senders abandoned (claimed long ago, never settled) unknown. */
static void
recover(struct db_conn *c)
{
	char before[TIME_ISO_LEN], now[TIME_ISO_LEN];
	json_t *rows = NULL, *row;
	struct err e;
	size_t i;

	time_iso(time(NULL) - LEASE_SECONDS, before);
	time_iso(time(NULL), now);
	err_clear(&e);
	if (db_begin(c, &e) < 0 ||
	    db_exec(c, DB_MAIL_ABANDONED,
		(struct db_param[]){ DBP_TEXT(before),
		    DBP_TEXT("the sender stopped while sending: it may have arrived") },
		2, &rows, &e) < 0)
		goto fail;
	json_array_foreach(rows, i, row)
		if (db_exec(c, DB_MAIL_ATTEMPT,
			(struct db_param[]){
			    DBP_INT(json_integer_value(json_object_get(row, "id"))),
			    DBP_TEXT(now), DBP_TEXT(w.name), DBP_TEXT("unknown"),
			    DBP_TEXT("claimed and never settled") },
			5, NULL, &e) < 0)
			goto fail;
	if (db_commit(c, &e) < 0)
		goto fail;
	if (json_array_size(rows) > 0)
		log_warn("event=mail_unknown count=%zu", json_array_size(rows));
	json_decref(rows);
	return;
fail:
	db_rollback(c);
	json_decref(rows);
	log_err("event=mail_recover_failed msg=\"%s\"", e.msg);
}

/* Deliver what is due, each message claimed first. */
static void
send_due(struct db_conn *c)
{
	json_t *due = NULL, *row, *m;
	char now[TIME_ISO_LEN], detail[256];
	struct err e;
	size_t i;
	enum outcome out;

	time_iso(time(NULL), now);
	err_clear(&e);
	if (db_exec(c, DB_MAIL_DUE, (struct db_param[]){ DBP_TEXT(now), DBP_INT(BATCH) },
		2, &due, &e) < 0) {
		log_err("event=mail_due_failed msg=\"%s\"", e.msg);
		return;
	}
	json_array_foreach(due, i, row) {
		json_t *rows = NULL;

		if (ticker_stopping(&w.t))
			break;
		time_iso(time(NULL), now);
		if (db_exec(c, DB_MAIL_CLAIM,
			(struct db_param[]){
			    DBP_INT(json_integer_value(json_object_get(row, "id"))),
			    DBP_TEXT(w.name), DBP_TEXT(now) },
			3, &rows, &e) < 0) {
			log_err("event=mail_claim_failed msg=\"%s\"", e.msg);
			break;
		}
		if ((m = json_array_get(rows, 0)) != NULL) {
			out = deliver(m, detail, sizeof(detail));
			settle(c, json_integer_value(json_object_get(m, "id")),
			    (int)json_integer_value(json_object_get(m, "attempts")), out,
			    detail);
		}
		json_decref(rows);
	}
	json_decref(due);
}

/* The daily job of every zone whose local hour has come and whose day
 * this server has not seen run. */
static void
daily(struct db_conn *c)
{
	time_t now = time(NULL);
	char day[TIME_DATE_LEN];
	struct err e;
	bool ran;
	long told;
	int z;

	for (z = 0; z < TZ_MAX; z++) {
		time_t local = now + tz_offset((enum tz)z);
		struct tm tm;

		gmtime_r(&local, &tm);
		time_local_date(now, tz_offset((enum tz)z), day);
		if ((unsigned)tm.tm_hour < w.mc.hour || strcmp(w.ran[z], day) == 0)
			continue;
		err_clear(&e);
		if (notify_daily(c, z, now, w.name, w.mc.public_url, false, &ran, &told,
			&e) < 0) {
			log_err("event=notify_daily_failed zone=%s msg=\"%s\"",
			    tz_code((enum tz)z), e.msg);
			continue;
		}
		snprintf(w.ran[z], sizeof(w.ran[z]), "%s", day);
	}
}

static void *
worker_main(void *arg)
{
	struct db_conn *c;
	struct err e;
	unsigned round = 0;

	(void)arg;
	err_clear(&e);
	while (!ticker_stopping(&w.t)) {
		if ((c = db_conn(w.db, &e)) == NULL)
			log_err("event=mail_db_failed msg=\"%s\"", e.msg);
		else if (round++ % (CLUSTER_RETRY_SECONDS / POLL_SECONDS) != 0 && !w.is_mine)
			; /* another server sends; try its lock now and then */
		else if ((w.is_mine = cluster_job_mine(c, CLUSTER_JOB_MAIL))) {
			daily(c);
			if (w.mc.url != NULL) {
				if (round % RECOVER_EVERY == 0)
					recover(c);
				send_due(c);
			}
		}
		ticker_sleep(&w.t, POLL_SECONDS);
	}
	return NULL;
}

int
mail_worker_start(struct db *db, const struct mail_config *mc, struct err *e)
{
	unsigned char rnd[4];
	char host[64] = "p2ham", hex[9];

	if (w.t.started)
		return 0;
	gethostname(host, sizeof(host) - 1);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(w.name, sizeof(w.name), "%.60s:%ld:%s", host, (long)getpid(), hex);
	w.db = db;
	w.mc = *mc;
	if (mc->url != NULL && curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		err_set(e, ERR_INTERNAL, "libcurl could not be initialised");
		return -1;
	}
	notify_mail_enable(mc->url != NULL);
	if (ticker_start(&w.t, worker_main, NULL) < 0) {
		err_set(e, ERR_INTERNAL, "cannot start the notification thread");
		return -1;
	}
	log_info("event=notify_start sender=%s smtp=%s hour=%u", w.name,
	    mc->url != NULL ? "on" : "off", mc->hour);
	return 0;
}

void
mail_worker_stop(void)
{
	if (!w.t.started)
		return;
	ticker_stop(&w.t);
	if (w.mc.url != NULL)
		curl_global_cleanup();
}
