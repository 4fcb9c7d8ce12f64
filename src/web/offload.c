/*
 * offload.c - the routes answered off the server's threads (see offload.h).
 *
 * A route is here when one request of it holds a thread for tens of
 * milliseconds or more, measured at 100,000 units on 2 cores
 * (bench/RESULTS.md, "Deadline day"): argon2id when signing in or setting
 * a password (a third of a second of a core), an upload (body checked and
 * synced to disk, the row committed), answers saved (the progress figures
 * rewritten in the transaction, 18 ms), a submission or decision that
 * renders and signs a document (35 ms to seconds), an import. Page views
 * stay on the server's threads, and so does everything cheaper than the
 * round trip to a pool thread.
 */
#include <string.h>

#include "web/offload.h"
#include "web/public/survey.h"

/* clang-format off */
static const struct {
	enum http_method method;
	const char *pattern;
} slow[] = {
	/* password hashing */
	{ HTTP_POST, "/masuk" },
	{ HTTP_POST, "/akun/sandi" },
	{ HTTP_POST, "/sandi/atur/{token}" },
	/* answers and their progress figures */
	{ HTTP_POST, "/partisipasi/{id}/pembangunan" },
	{ HTTP_POST, "/partisipasi/{id}/penilaian" },
	/* submissions and decisions that write documents */
	{ HTTP_POST, "/partisipasi/{id}/pembangunan/ajukan" },
	{ HTTP_POST, "/partisipasi/{id}/penilaian/ajukan" },
	{ HTTP_POST, "/partisipasi/{id}/penilaian/ajukan-ulang" },
	{ HTTP_POST, "/partisipasi/{id}/pencanangan/setujui" },
	{ HTTP_POST, "/partisipasi/{id}/evaluasi" },
	{ HTTP_POST, "/partisipasi/{id}/verifikasi/tutup" },
	{ HTTP_POST, "/siklus/{id}/pleno/tutup" },
	{ HTTP_POST, "/siklus/{id}/penetapan/{kep}/tetapkan" },
	{ HTTP_POST, "/siklus/{id}/hasil" },
	/* imports */
	{ HTTP_POST, "/unit/impor" },
	{ HTTP_POST, "/pengaduan/impor" },
};
/* clang-format on */

int
web_offload_mark(struct route *routes, size_t count, struct err *e)
{
	size_t i, j;
	bool found;

	for (i = 0; i < count; i++)
		if (routes[i].upload)
			routes[i].offload = true;
	for (j = 0; j < sizeof(slow) / sizeof(slow[0]); j++) {
		found = false;
		for (i = 0; i < count; i++)
			if (routes[i].method == slow[j].method &&
			    strcmp(routes[i].pattern, slow[j].pattern) == 0)
				found = routes[i].offload = true;
		if (!found) {
			err_set(e, ERR_CONFIG, "offloaded route %s %s is not in the table",
			    http_method_name(slow[j].method), slow[j].pattern);
			return -1;
		}
	}
	return 0;
}

void
web_offload_quiesce(void *app)
{
	(void)app;
	survey_web_stop();
}
