/*
 * mustache_parse.c - the parsing half of the template engine:
 * mustache_set_add parses a template once into a tree of nodes: delimiters
 * are resolved, standalone lines already trimmed, names split at their dots,
 * and every string copied into the template's own arena; the set keeps the
 * templates sorted by name.
 *
 * Partial indentation follows the spec's model, where a standalone partial's
 * indentation is inserted before every line of the partial's source: text
 * nodes remember whether they begin a source line, and a tag that begins a
 * line with no text before it gets an empty text node that carries the mark.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/mustache_int.h"

static bool
mustache_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset of the first needle (nlen >= 1) in s[from..len), or MUSTACHE_NOT_FOUND. */
static size_t
parse_find(const char *s, size_t len, size_t from, const char *needle, size_t nlen)
{
	const char *hit;
	size_t i;

	while (from < len && len - from >= nlen) {
		hit = memchr(s + from, needle[0], len - from - nlen + 1);
		if (hit == NULL)
			break;
		i = (size_t)(hit - s);
		if (memcmp(hit, needle, nlen) == 0)
			return i;
		from = i + 1;
	}
	return MUSTACHE_NOT_FOUND;
}

static size_t
parse_line(const struct mustache_parser *p, size_t pos)
{
	size_t i, line = 1;

	for (i = 0; i < pos && i < p->len; i++)
		if (p->src[i] == '\n')
			line++;
	return line;
}

static int parse_fail(struct mustache_parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
parse_fail(struct mustache_parser *p, size_t pos, const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err_set(p->e, ERR_TEMPLATE, "template %s line %zu: %s", p->name,
	    parse_line(p, pos), what);
	return -1;
}

/* Append a zeroed node of kind to the innermost open body. */
static struct mustache_node *
parse_node(struct mustache_parser *p, size_t pos, enum mustache_kind kind)
{
	struct mustache_open *top = &p->stack[p->depth];
	struct mustache_node *n;

	if ((n = arena_alloc(p->arena, sizeof(*n))) == NULL) {
		parse_fail(p, pos, "out of memory");
		return NULL;
	}
	n->kind = kind;
	*top->tail = n;
	top->tail = &n->next;
	return n;
}

/*
 * Add src[from..to) as text. An empty text is added only when is_mark is set
 * and from begins a line: it marks where a partial's indentation goes before
 * a tag that is not standalone.
 */
static int
parse_text(struct mustache_parser *p, size_t from, size_t to, bool is_mark)
{
	struct mustache_node *n;
	bool is_bol = from == 0 || p->src[from - 1] == '\n';

	if (from == to && !(is_mark && is_bol))
		return 0;
	if ((n = parse_node(p, from, MUSTACHE_TEXT)) == NULL)
		return -1;
	n->len = to - from;
	n->is_bol = is_bol;
	if ((n->text = arena_strndup(p->arena, p->src + from, n->len)) == NULL)
		return parse_fail(p, from, "out of memory");
	return 0;
}

/* Split a tag name at its dots into n->name, and keep it whole in n->text. */
static int
parse_name(struct mustache_parser *p, size_t pos, struct mustache_node *n, const char *s,
    size_t len)
{
	struct mustache_name *name = &n->name;
	size_t i, start, k;

	n->len = len;
	if ((n->text = arena_strndup(p->arena, s, len)) == NULL)
		return parse_fail(p, pos, "out of memory");
	name->is_valid = true;
	if (len == 1 && s[0] == '.')
		return 0;
	name->count = 1;
	for (i = 0; i < len; i++)
		if (s[i] == '.')
			name->count++;
	name->parts = arena_alloc(p->arena, name->count * sizeof(*name->parts));
	if (name->parts == NULL)
		return parse_fail(p, pos, "out of memory");
	for (i = start = k = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (i == start || memchr(s + start, '\0', i - start) != NULL)
			name->is_valid = false;
		name->parts[k] = arena_strndup(p->arena, s + start, i - start);
		if (name->parts[k++] == NULL)
			return parse_fail(p, pos, "out of memory");
		start = i + 1;
	}
	return 0;
}

/* Apply the body of a set-delimiter tag, s[0..len) between the '=' signs. */
static int
parse_delims(struct mustache_parser *p, size_t pos, const char *s, size_t len)
{
	size_t olen = 0, cstart, clen, i;

	while (len > 0 && mustache_is_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && mustache_is_space(s[len - 1]))
		len--;
	while (olen < len && !mustache_is_space(s[olen]))
		olen++;
	for (cstart = olen; cstart < len && mustache_is_space(s[cstart]); cstart++)
		;
	clen = len - cstart;
	if (olen == 0 || clen == 0)
		return parse_fail(p,
		    pos, "bad delimiter: a set-delimiter tag needs two delimiters separated by a space");
	if (olen > MUSTACHE_MAX_DELIM || clen > MUSTACHE_MAX_DELIM)
		return parse_fail(p, pos, "bad delimiter: longer than %d bytes",
		    MUSTACHE_MAX_DELIM);
	for (i = 0; i < len; i++) {
		if ((i >= cstart && mustache_is_space(s[i])) || s[i] == '=')
			return parse_fail(p,
			    pos, "bad delimiter: delimiters may not contain '=' or whitespace");
	}
	memcpy(p->otag, s, olen);
	p->otag_len = olen;
	memcpy(p->ctag, s + cstart, clen);
	p->ctag_len = clen;
	return 0;
}

/*
 * Handle the tag at src[tag..after) whose sigil is c and whose trimmed
 * content is s[0..len); indent is the whitespace before a standalone tag.
 */
static int
parse_tag(struct mustache_parser *p, size_t tag, char c, const char *s, size_t len,
    const char *indent, size_t indent_len, bool is_standalone)
{
	struct mustache_open *open;
	struct mustache_node *n;

	if (c == '!')
		return 0;
	if (c == '=')
		return parse_delims(p, tag, s, len);
	if (c == '<' || c == '$')
		return parse_fail(p, tag,
		    "unsupported tag '%c' (template inheritance is not implemented)", c);
	if (len == 0)
		return parse_fail(p, tag, "empty tag name");
	switch (c) {
	case '/':
		if (p->depth == 0)
			return parse_fail(p, tag, "closing tag '%.*s' without an opening tag",
			    (int)(len > 64 ? 64 : len), s);
		open = &p->stack[p->depth];
		n = open->node;
		if (n->len != len || memcmp(n->text, s, len) != 0)
			return parse_fail(p,
			    tag, "mismatched closing tag '%.*s': section '%.*s' was opened on line %zu",
			    (int)(len > 64 ? 64 : len), s, (int)(n->len > 64 ? 64 : n->len),
			    n->text, parse_line(p, open->pos));
		p->depth--;
		return 0;
	case '#':
	case '^':
		if (p->depth == MUSTACHE_MAX_SECTIONS)
			return parse_fail(p, tag, "sections nested deeper than %d",
			    MUSTACHE_MAX_SECTIONS);
		n = parse_node(p, tag, c == '#' ? MUSTACHE_SECTION : MUSTACHE_INVERTED);
		if (n == NULL || parse_name(p, tag, n, s, len) != 0)
			return -1;
		open = &p->stack[++p->depth];
		open->node = n;
		open->tail = &n->child;
		open->pos = tag;
		return 0;
	case '>':
		if ((n = parse_node(p, tag, MUSTACHE_PARTIAL)) == NULL)
			return -1;
		n->len = len;
		n->text = arena_strndup(p->arena, s, len);
		n->is_standalone = is_standalone;
		n->indent_len = indent_len;
		n->indent = arena_strndup(p->arena, indent, indent_len);
		if (n->text == NULL || n->indent == NULL)
			return parse_fail(p, tag, "out of memory");
		return 0;
	default:
		n = parse_node(p, tag, c == '&' || c == '{' ? MUSTACHE_RAW : MUSTACHE_ESCAPED);
		if (n == NULL || parse_name(p, tag, n, s, len) != 0)
			return -1;
		return 0;
	}
}

/* Parse the whole source into the top-level body of p->stack[0]. */
static int
parse_tree(struct mustache_parser *p)
{
	const char *src = p->src, *s;
	char closer[1 + MUSTACHE_MAX_DELIM];
	size_t pos = 0, text_start = 0, tag, from, end, after, ls, le, clen, len;
	bool can_stand, is_standalone;
	char c;

	for (;;) {
		tag = parse_find(src, p->len, pos, p->otag, p->otag_len);
		if (tag == MUSTACHE_NOT_FOUND)
			break;
		from = tag + p->otag_len;
		c = from < p->len ? src[from] : '\0';
		clen = 0;
		if (c == '{')
			closer[clen++] = '}';
		else if (c == '=')
			closer[clen++] = '=';
		memcpy(closer + clen, p->ctag, p->ctag_len);
		clen += p->ctag_len;
		if (c != '\0' && strchr("#^/>!=&{<$", c) != NULL)
			from++;
		end = parse_find(src, p->len, from, closer, clen);
		if (end == MUSTACHE_NOT_FOUND)
			return parse_fail(p, tag, "unclosed tag: no '%.*s' after '%.*s'",
			    (int)clen, closer, (int)p->otag_len, p->otag);
		after = end + clen;

		/* Standalone: only whitespace around the tag on its line. */
		can_stand = c != '\0' && strchr("#^/>!=", c) != NULL;
		for (ls = tag;
		     ls > text_start && (src[ls - 1] == ' ' || src[ls - 1] == '\t'); ls--)
			;
		for (le = after; le < p->len && (src[le] == ' ' || src[le] == '\t'); le++)
			;
		is_standalone = can_stand && (ls == 0 || src[ls - 1] == '\n');
		if (is_standalone && le < p->len) {
			if (src[le] == '\n')
				le++;
			else if (src[le] == '\r' && le + 1 < p->len && src[le + 1] == '\n')
				le += 2;
			else
				is_standalone = false;
		}

		if (parse_text(p, text_start, is_standalone ? ls : tag, false) != 0 ||
		    (!is_standalone && parse_text(p, tag, tag, true) != 0))
			return -1;
		s = src + from;
		len = end - from;
		while (len > 0 && mustache_is_space(s[0])) {
			s++;
			len--;
		}
		while (len > 0 && mustache_is_space(s[len - 1]))
			len--;
		if (parse_tag(p, tag, c, s, len, src + ls, tag - ls, is_standalone) != 0)
			return -1;
		pos = text_start = is_standalone ? le : after;
	}
	if (parse_text(p, text_start, p->len, false) != 0)
		return -1;
	if (p->depth > 0) {
		struct mustache_node *n = p->stack[p->depth].node;

		return parse_fail(p, p->stack[p->depth].pos,
		    "unclosed section '%.*s': no closing tag before the end",
		    (int)(n->len > 64 ? 64 : n->len), n->text);
	}
	return 0;
}

static int
set_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Index of name in the set, or where it would be inserted; *found tells which. */
static size_t
set_search(const struct mustache_set *set, const char *name, size_t len, bool *found)
{
	size_t lo = 0, hi = set->count, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = set_cmp(set->tpls[mid]->name, set->tpls[mid]->name_len, name, len);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct mustache_tpl *
mustache_set_find(const struct mustache_set *set, const char *name, size_t len)
{
	bool found;
	size_t i = set_search(set, name, len, &found);

	return found ? set->tpls[i] : NULL;
}

static void
tpl_free(struct mustache_tpl *tpl)
{
	if (tpl == NULL)
		return;
	arena_free(&tpl->arena);
	free(tpl);
}

struct mustache_set *
mustache_set_new(void)
{
	return calloc(1, sizeof(struct mustache_set));
}

void
mustache_set_free(struct mustache_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->count; i++)
		tpl_free(set->tpls[i]);
	free(set->tpls);
	free(set);
}

int
mustache_set_add(struct mustache_set *set, const char *name, const char *src, size_t len,
    struct err *e)
{
	struct mustache_parser *p = NULL;
	struct mustache_tpl *tpl = NULL, **grown;
	size_t i, ncap;
	bool found;

	if (set == NULL || name == NULL || (src == NULL && len > 0)) {
		err_set(e, ERR_TEMPLATE, "mustache_set_add: missing argument");
		return -1;
	}
	if ((tpl = calloc(1, sizeof(*tpl))) == NULL || (p = calloc(1, sizeof(*p))) == NULL)
		goto nomem;
	arena_init(&tpl->arena, 0);
	tpl->name_len = strlen(name);
	if ((tpl->name = arena_strndup(&tpl->arena, name, tpl->name_len)) == NULL)
		goto nomem;
	p->name = name;
	p->src = src != NULL ? src : "";
	p->len = len;
	p->arena = &tpl->arena;
	p->e = e;
	memcpy(p->otag, "{{", 2);
	p->otag_len = 2;
	memcpy(p->ctag, "}}", 2);
	p->ctag_len = 2;
	p->stack[0].tail = &tpl->root;
	if (parse_tree(p) != 0)
		goto fail;

	i = set_search(set, tpl->name, tpl->name_len, &found);
	if (found) {
		tpl_free(set->tpls[i]);
		set->tpls[i] = tpl;
	} else {
		if (set->count == set->cap) {
			ncap = set->cap ? set->cap * 2 : 16;
			if ((grown = realloc(set->tpls, ncap * sizeof(*grown))) == NULL)
				goto nomem;
			set->tpls = grown;
			set->cap = ncap;
		}
		memmove(set->tpls + i + 1, set->tpls + i,
		    (set->count - i) * sizeof(*set->tpls));
		set->tpls[i] = tpl;
		set->count++;
	}
	free(p);
	return 0;
nomem:
	err_set(e, ERR_TEMPLATE, "template %s: out of memory", name);
fail:
	free(p);
	tpl_free(tpl);
	return -1;
}

int
mustache_set_has(const struct mustache_set *set, const char *name)
{
	if (set == NULL || name == NULL)
		return 0;
	return mustache_set_find(set, name, strlen(name)) != NULL;
}
