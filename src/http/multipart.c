/*
 * multipart.c - the multipart/form-data state machine.
 *
 * The content of a part ends at the delimiter CR LF "--" boundary. The
 * search for it runs byte by byte across chunk borders with one counter,
 * `match`, of delimiter bytes seen so far: no input is held back, because
 * on a mismatch the bytes matched are known (they are the delimiter's
 * first `match` bytes) and are handed on as content from m->delim. This is
 * exact because CR occurs in the delimiter only at its start (the boundary
 * alphabet excludes it), so a failed partial match can never hide the start
 * of another one. Long runs without CR are passed on in one piece.
 */
#include <string.h>
#include <strings.h>

#include "base/code.h"
#include "base/str.h"
#include "http/multipart.h"

#define DEFAULT_MAX_PARTS 64
#define DEFAULT_MAX_HEADERS 8
#define PADDING_MAX 64 /* blanks allowed after a boundary */

static const char *const error_codes[MULTIPART_ERROR_MAX] = { MULTIPART_ERROR_LIST(CODE_ENTRY) };

CODE_NAME_FUNCTION(multipart_error, enum multipart_error, error_codes, MULTIPART_ERROR_MAX)

static int
fail(struct multipart *m, enum multipart_error e)
{
	m->state = MPS_ERROR;
	m->error = e;
	return -1;
}

/* RFC 2046 bchars: DIGIT / ALPHA / ' ( ) + _ , - . / : = ? and space. */
static bool
is_bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

static bool
boundary_ok(const char *b, size_t len)
{
	size_t i;

	if (len == 0 || len > MULTIPART_BOUNDARY_MAX || b[len - 1] == ' ')
		return false;
	for (i = 0; i < len; i++)
		if (!is_bchar((unsigned char)b[i]))
			return false;
	return true;
}

int
multipart_init(struct multipart *m, const char *boundary, size_t blen, size_t max_parts,
    size_t max_headers, const struct multipart_callbacks *cb, void *ctx)
{
	static const struct multipart_callbacks none;

	memset(m, 0, sizeof(*m));
	m->cb = cb != NULL ? cb : &none;
	m->ctx = ctx;
	m->max_parts = max_parts ? max_parts : DEFAULT_MAX_PARTS;
	m->max_headers = max_headers ? max_headers : DEFAULT_MAX_HEADERS;
	if (boundary == NULL || !boundary_ok(boundary, blen))
		return fail(m, MP_E_BOUNDARY);
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, blen);
	m->delim_len = 4 + blen;
	/* The first boundary may open the body: as if a CR LF came before. */
	m->state = MPS_PREAMBLE;
	m->match = 2;
	return 0;
}

/* Hand content to the data callback. */
static int
emit(struct multipart *m, const char *p, size_t len)
{
	if (len == 0 || m->state != MPS_BODY || m->cb->data == NULL)
		return 0;
	if (m->cb->data(m->ctx, p, len) != 0)
		return fail(m, MP_E_CALLBACK);
	return 0;
}

/*
 * Search for the delimiter in p[*i..len), passing content on (in the body)
 * or dropping it (in the preamble). Returns 1 when the delimiter was
 * found (with *i just past it), 0 when the chunk ended first, -1 on error.
 */
static int
scan_delim(struct multipart *m, const char *p, size_t len, size_t *i)
{
	const char *cr;
	size_t run;

	while (*i < len) {
		if (m->match == 0) {
			cr = memchr(p + *i, '\r', len - *i);
			run = cr != NULL ? (size_t)(cr - (p + *i)) : len - *i;
			if (emit(m, p + *i, run) < 0)
				return -1;
			*i += run;
			if (cr == NULL)
				return 0;
			m->match = 1;
			(*i)++;
			continue;
		}
		if (p[*i] == m->delim[m->match]) {
			(*i)++;
			if (++m->match == m->delim_len) {
				m->match = 0;
				return 1;
			}
			continue;
		}
		/* Not the delimiter after all: what matched was content. */
		if (emit(m, m->delim, m->match) < 0)
			return -1;
		m->match = 0;
	}
	return 0;
}

/*
 * Copy a parameter value (quoted-string or token) from *s into out. Inside
 * quotes a backslash escapes only '"' and itself: browsers send a file name's
 * backslashes as they are (an old browser's "C:\Users\x\f.pdf" keeps its
 * separators, so the base name can be cut from it), and percent-encode '"'.
 */
static int
param_value(const char **s, char *out, size_t cap)
{
	const char *p = *s;
	size_t n = 0;

	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if (*p == '\0')
				return -1;
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			if (n + 1 >= cap)
				return -1;
			out[n++] = *p;
		}
		p++;
	} else {
		for (; *p != '\0' && *p != ';' && *p != ' ' && *p != '\t'; p++) {
			if (n + 1 >= cap)
				return -1;
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	*s = p;
	return utf8_valid(out, n) ? 0 : -1;
}

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Content-Disposition: form-data; name="..."; filename="..." */
static int
parse_disposition(struct multipart *m, const char *v)
{
	char pname[32], value[MULTIPART_NAME_MAX + 1];
	bool has_name = false;
	size_t n;

	if (strncasecmp(v, "form-data", 9) != 0)
		return fail(m, MP_E_DISPOSITION);
	v = skip_ows(v + 9);
	while (*v != '\0') {
		if (*v != ';')
			return fail(m, MP_E_HEADER_SYNTAX);
		v = skip_ows(v + 1);
		if (*v == '\0')
			break; /* a trailing ';' */
		for (n = 0; *v != '\0' && *v != '=' && *v != ';' && *v != ' '; v++)
			if (n + 1 < sizeof(pname))
				pname[n++] = (char)(*v >= 'A' && *v <= 'Z' ? *v - 'A' + 'a'
									   : *v);
		pname[n] = '\0';
		v = skip_ows(v);
		if (*v != '=')
			return fail(m, MP_E_HEADER_SYNTAX);
		v = skip_ows(v + 1);
		if (param_value(&v, value, sizeof(value)) < 0)
			return fail(m, MP_E_HEADER_SYNTAX);
		v = skip_ows(v);
		if (strcmp(pname, "name") == 0 && !has_name) {
			memcpy(m->name, value, strlen(value) + 1);
			has_name = true;
		} else if (strcmp(pname, "filename") == 0 && !m->has_filename) {
			memcpy(m->filename, value, strlen(value) + 1);
			m->has_filename = true;
		}
	}
	if (!has_name || m->name[0] == '\0')
		return fail(m, MP_E_DISPOSITION);
	m->has_disposition = true;
	return 0;
}

/* One complete header line (without its line end) in m->line. */
static int
header_line(struct multipart *m)
{
	char *colon, *v, *end;
	size_t i;

	if (++m->header_count > m->max_headers)
		return fail(m, MP_E_TOO_MANY_HEADERS);
	m->line[m->line_len] = '\0';
	for (i = 0; i < m->line_len; i++) {
		unsigned char c = (unsigned char)m->line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(m, MP_E_HEADER_SYNTAX);
	}
	colon = memchr(m->line, ':', m->line_len);
	if (colon == NULL || colon == m->line || m->line[0] == ' ' || m->line[0] == '\t')
		return fail(m, MP_E_HEADER_SYNTAX); /* folding is obsolete */
	*colon = '\0';
	for (end = colon; end > m->line && (end[-1] == ' ' || end[-1] == '\t'); end--)
		end[-1] = '\0';
	v = (char *)skip_ows(colon + 1);
	for (end = m->line + m->line_len; end > v && (end[-1] == ' ' || end[-1] == '\t'); end--)
		end[-1] = '\0';
	if (strcasecmp(m->line, "Content-Disposition") == 0) {
		if (m->has_disposition)
			return fail(m, MP_E_HEADER_SYNTAX);
		return parse_disposition(m, v);
	}
	if (strcasecmp(m->line, "Content-Type") == 0) {
		if (strlen(v) >= sizeof(m->content_type) || !utf8_valid(v, strlen(v)))
			return fail(m, MP_E_HEADER_SYNTAX);
		memcpy(m->content_type, v, strlen(v) + 1);
	}
	return 0;
}

/* The blank line after a part's headers: its content begins. */
static int
part_begin(struct multipart *m)
{
	struct multipart_part part;

	if (!m->has_disposition)
		return fail(m, MP_E_DISPOSITION);
	part.name = m->name;
	part.filename = m->has_filename ? m->filename : NULL;
	part.content_type = m->content_type;
	part.index = m->part_count - 1;
	m->state = MPS_BODY;
	m->match = 0;
	if (m->cb->begin != NULL && m->cb->begin(m->ctx, &part) != 0)
		return fail(m, MP_E_CALLBACK);
	return 0;
}

/* A boundary line ended: a new part's headers follow. */
static int
headers_start(struct multipart *m)
{
	if (++m->part_count > m->max_parts)
		return fail(m, MP_E_TOO_MANY_PARTS);
	m->state = MPS_HEADER;
	m->line_len = 0;
	m->header_count = 0;
	m->has_disposition = m->has_filename = false;
	m->name[0] = m->filename[0] = m->content_type[0] = '\0';
	return 0;
}

int
multipart_feed(struct multipart *m, const char *p, size_t len)
{
	size_t i = 0;
	const char *nl;
	size_t n;
	int r;

	if (m->state == MPS_ERROR)
		return -1;
	if (p == NULL)
		len = 0;
	while (i < len) {
		switch (m->state) {
		case MPS_PREAMBLE:
		case MPS_BODY:
			if ((r = scan_delim(m, p, len, &i)) < 0)
				return -1;
			if (r == 0)
				return 0;
			if (m->state == MPS_BODY && m->cb->end != NULL &&
			    m->cb->end(m->ctx) != 0)
				return fail(m, MP_E_CALLBACK);
			m->state = MPS_BOUNDARY_END;
			m->padding = 0;
			break;
		case MPS_BOUNDARY_END:
			if (p[i] == '-')
				m->state = MPS_CLOSE_DASH;
			else if (p[i] == ' ' || p[i] == '\t') {
				if (++m->padding > PADDING_MAX)
					return fail(m, MP_E_AFTER_BOUNDARY);
			} else if (p[i] == '\r')
				m->state = MPS_BOUNDARY_CR;
			else if (p[i] == '\n') {
				if (headers_start(m) < 0)
					return -1;
			} else
				return fail(m, MP_E_AFTER_BOUNDARY);
			i++;
			break;
		case MPS_CLOSE_DASH:
			if (p[i] != '-')
				return fail(m, MP_E_AFTER_BOUNDARY);
			m->state = MPS_EPILOGUE;
			i++;
			break;
		case MPS_BOUNDARY_CR:
			if (p[i] != '\n')
				return fail(m, MP_E_AFTER_BOUNDARY);
			if (headers_start(m) < 0)
				return -1;
			i++;
			break;
		case MPS_HEADER:
			nl = memchr(p + i, '\n', len - i);
			n = nl != NULL ? (size_t)(nl - (p + i)) : len - i;
			if (m->line_len + n > MULTIPART_LINE_MAX + 1)
				return fail(m, MP_E_HEADER_TOO_LONG);
			memcpy(m->line + m->line_len, p + i, n);
			m->line_len += n;
			i += n;
			if (nl == NULL) {
				/* One byte over is allowed while it may be the CR. */
				if (m->line_len > MULTIPART_LINE_MAX &&
				    m->line[m->line_len - 1] != '\r')
					return fail(m, MP_E_HEADER_TOO_LONG);
				return 0;
			}
			i++; /* the LF */
			if (m->line_len > 0 && m->line[m->line_len - 1] == '\r')
				m->line_len--;
			if (m->line_len > MULTIPART_LINE_MAX)
				return fail(m, MP_E_HEADER_TOO_LONG);
			if (m->line_len == 0) {
				if (part_begin(m) < 0)
					return -1;
			} else if (header_line(m) < 0)
				return -1;
			m->line_len = 0;
			break;
		case MPS_EPILOGUE:
			return 0;
		case MPS_ERROR:
		case MULTIPART_STATE_MAX:
			return -1;
		}
	}
	return 0;
}

int
multipart_finish(struct multipart *m)
{
	if (m->state == MPS_EPILOGUE)
		return 0;
	if (m->state == MPS_ERROR)
		return -1;
	return fail(m, m->state == MPS_PREAMBLE ? MP_E_NO_START : MP_E_TRUNCATED);
}

int
multipart_boundary(const char *content_type, char *out, size_t cap)
{
	const char *p = content_type, *v;
	size_t n = 0;

	if (p == NULL || cap == 0)
		return -1;
	p = skip_ows(p);
	if (strncasecmp(p, "multipart/form-data", 19) != 0)
		return -1;
	p += 19;
	while (*p != '\0') {
		p = skip_ows(p);
		if (*p != ';')
			return -1;
		p = skip_ows(p + 1);
		if (strncasecmp(p, "boundary", 8) != 0 || skip_ows(p + 8)[0] != '=') {
			/* Another parameter (charset=...): skip it. */
			while (*p != '\0' && *p != ';') {
				if (*p == '"')
					for (p++; *p != '\0' && *p != '"'; p++)
						;
				if (*p != '\0')
					p++;
			}
			continue;
		}
		/* A boundary holds neither '"' nor '\\' (boundary_ok), so the
		 * quoted form's escapes never make a bad one pass. */
		v = skip_ows(skip_ows(p + 8) + 1);
		if (param_value(&v, out, cap) < 0)
			return -1;
		n = strlen(out);
		return boundary_ok(out, n) ? (int)n : -1;
	}
	return -1;
}
