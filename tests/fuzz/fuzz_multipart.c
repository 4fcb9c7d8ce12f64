/*
 * fuzz_multipart.c - the incremental multipart/form-data parser
 * (http/multipart.h). The input is one byte choosing where to split the
 * body, the Content-Type value up to the first LF, then the body. The body
 * is fed three ways: whole, in two pieces split at the chosen byte, and
 * one byte at a time; the parts, their content and the outcome must be the
 * same every way, because the network may cut a body anywhere. Callbacks
 * must come in order (begin, data..., end), with names and types as the
 * header promises.
 */
#include <stdbool.h>

#include "base/buf.h"
#include "base/str.h"
#include "fuzz.h"
#include "http/multipart.h"

#define MAX_PARTS	8		/* small, to reach the limit */
#define BYTEWISE_MAX	(64 * 1024)	/* bodies fed byte by byte at most */

/* What one pass over the body saw. */
struct transcript {
	struct buf b;		/* events and content, in order */
	size_t begins;		/* parts begun */
	size_t ends;		/* parts ended */
	size_t content;		/* content bytes handed over */
	bool is_open;		/* a part has begun and not ended */
};

static void
check_name(const char *s, size_t max)
{
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(strlen(s) <= max);
	FUZZ_CHECK(utf8_valid(s, strlen(s)));
}

static int
on_begin(void *ctx, const struct multipart_part *part)
{
	struct transcript *t = ctx;

	FUZZ_CHECK(!t->is_open);
	FUZZ_CHECK(part->index == t->begins);
	check_name(part->name, MULTIPART_NAME_MAX);
	FUZZ_CHECK(part->name[0] != '\0');
	if (part->filename != NULL)
		check_name(part->filename, MULTIPART_NAME_MAX);
	check_name(part->content_type, 127);
	t->is_open = true;
	t->begins++;
	buf_printf(&t->b, "<%zu %s|%s|%s>", part->index, part->name,
	    part->filename != NULL ? part->filename : "(none)", part->content_type);
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct transcript *t = ctx;

	FUZZ_CHECK(t->is_open);
	FUZZ_CHECK(p != NULL && len > 0);
	t->content += len;
	buf_append(&t->b, p, len);
	return 0;
}

static int
on_end(void *ctx)
{
	struct transcript *t = ctx;

	FUZZ_CHECK(t->is_open);
	t->is_open = false;
	t->ends++;
	buf_puts(&t->b, "</>");
	return 0;
}

static const struct multipart_callbacks callbacks = {
	.begin = on_begin,
	.data = on_data,
	.end = on_end,
};

/*
 * Parse body in pieces of step bytes (0: one piece), the first one ending
 * at split when split is not 0, as upload.c does: stop feeding at an error,
 * finish otherwise. Returns the outcome; t holds what was seen.
 */
static enum multipart_error
run(const char *boundary, size_t blen, const char *body, size_t len,
    size_t split, size_t step, struct transcript *t)
{
	struct multipart m;
	size_t off = 0, n;

	memset(t, 0, sizeof(*t));
	buf_init(&t->b, 0);
	FUZZ_CHECK(multipart_init(&m, boundary, blen, MAX_PARTS, 0, &callbacks, t) == 0);
	while (off < len) {
		n = len - off;
		if (step > 0 && n > step)
			n = step;
		if (off == 0 && split > 0 && split < n)
			n = split;
		if (multipart_feed(&m, body + off, n) < 0)
			break;
		off += n;
	}
	if (m.state != MPS_ERROR)
		multipart_finish(&m);
	FUZZ_CHECK(!t->b.failed);
	FUZZ_CHECK(m.error < MULTIPART_ERROR_MAX);
	FUZZ_CHECK(multipart_error_code(m.error)[0] != '\0');
	FUZZ_CHECK(multipart_feed(&m, "x", 1) == (m.error == MP_OK ? 0 : -1));
	FUZZ_CHECK(t->begins <= MAX_PARTS);
	FUZZ_CHECK(t->ends == t->begins || t->ends + 1 == t->begins);
	FUZZ_CHECK(t->content <= len);
	if (m.error == MP_OK) {
		FUZZ_CHECK(m.state == MPS_EPILOGUE);
		FUZZ_CHECK(!t->is_open && t->ends == t->begins);
	} else
		FUZZ_CHECK(m.state == MPS_ERROR);
	return m.error;
}

static void
same(const struct transcript *a, enum multipart_error ea,
    const struct transcript *b, enum multipart_error eb)
{
	FUZZ_CHECK(ea == eb);
	FUZZ_CHECK(a->begins == b->begins && a->ends == b->ends);
	FUZZ_CHECK(a->b.len == b->b.len);
	FUZZ_CHECK(a->b.len == 0 || memcmp(a->b.data, b->b.data, a->b.len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1], *ct;
	const char *nl, *body;
	struct transcript whole, halves, bytes;
	enum multipart_error e1, e2, e3;
	size_t ctlen, len, split;
	int blen;

	if (size < 2 || (nl = memchr(data + 1, '\n', size - 1)) == NULL)
		return 0;
	ctlen = (size_t)(nl - (const char *)data) - 1;
	ct = fuzz_cstr(data + 1, ctlen);
	body = nl + 1;
	len = size - ctlen - 2;
	split = len * data[0] / 255;

	/* A Content-Type gives a boundary multipart_init takes; otherwise try
	 * the line itself as the boundary, to reach the boundary checks. */
	blen = multipart_boundary(ct, boundary, sizeof(boundary));
	if (blen >= 0) {
		FUZZ_CHECK((size_t)blen == strlen(boundary));
		FUZZ_CHECK(blen > 0 && blen <= MULTIPART_BOUNDARY_MAX);
	} else if (ctlen <= MULTIPART_BOUNDARY_MAX && strlen(ct) == ctlen) {
		struct multipart m;

		memcpy(boundary, ct, ctlen + 1);
		blen = (int)ctlen;
		if (multipart_init(&m, boundary, ctlen, 0, 0, NULL, NULL) < 0) {
			FUZZ_CHECK(m.error == MP_E_BOUNDARY && m.state == MPS_ERROR);
			FUZZ_CHECK(multipart_feed(&m, body, len) < 0);
			FUZZ_CHECK(multipart_finish(&m) < 0);
			blen = -1;
		}
	}
	if (blen >= 0) {
		e1 = run(boundary, (size_t)blen, body, len, 0, 0, &whole);
		e2 = run(boundary, (size_t)blen, body, len, split, 0, &halves);
		same(&whole, e1, &halves, e2);
		buf_free(&halves.b);
		if (len <= BYTEWISE_MAX) {
			e3 = run(boundary, (size_t)blen, body, len, 0, 1, &bytes);
			same(&whole, e1, &bytes, e3);
			buf_free(&bytes.b);
		}
		buf_free(&whole.b);
	}
	free(ct);
	return 0;
}
