/*
 * audit.c - `p2ham audit verify` recomputes the audit log's whole hash chain
 * page by page (flat memory, however long the log), holds the stored signed
 * checkpoints against it and, with --checkpoint FILE, a checkpoint kept
 * elsewhere; `p2ham audit checkpoint` signs the current head and prints the
 * checkpoint as JSON, to be kept or published.
 *
 * Exit status: 0 when everything holds, 1 when the chain or a checkpoint is
 * broken (the first line of standard output says where), 2 when it could
 * not be checked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "svc/audit.h"
#include "cmd/cmd.h"
#include "cmd/config.h"

#define CHECKPOINT_PAGE 1000 /* stored checkpoints per read */
#define CHECKPOINT_FILE_MAX (64 * 1024)
#define REPORTED 2 /* a walk callback found and told a break */

const char audit_help[] =
    "usage: p2ham audit verify [--checkpoint FILE] [options]\n"
    "       p2ham audit checkpoint [options]\n\n"
    "verify      recompute the audit log's hash chain from the first entry and\n"
    "            hold every stored checkpoint against it; exit 0 when it holds,\n"
    "            1 with the first broken entry when it does not\n"
    "checkpoint  sign the current head with the installation's key, store it and\n"
    "            print it as JSON (save it somewhere else to check against later)\n\n"
    "See p2ham audit verify --help for the options.\n";

/* A checkpoint to hold the chain against. */
struct checkpoint {
	int64_t seq;                          /* the last entry it covers */
	unsigned char head[AUDIT_HASH_BYTES]; /* that entry's hash */
	char at[32];                          /* when it was signed */
	char label[300];                      /* how messages name it */
};

/* What the walk holds the chain against. */
struct holds {
	struct db_conn *c;             /* reads the stored checkpoints */
	json_t *rows;                  /* the current page of them */
	size_t i;                      /* next row in rows */
	int64_t after;                 /* seq of the last one read */
	int64_t checked;               /* stored checkpoints that held */
	const struct checkpoint *file; /* --checkpoint, or NULL */
};

/*
 * Read the checkpoint file path and check its signature with this
 * installation's public key into cp. 0, or -1 after saying why with the
 * exit status in *rc.
 */
static int
load_file(const char *path, const char *data_dir, struct checkpoint *cp, int *rc)
{
	unsigned char pk[SIGN_PUBLIC_BYTES], filepk[SIGN_PUBLIC_BYTES];
	const char *at, *fpk;
	json_error_t je;
	struct err e;
	json_t *j = NULL;
	FILE *f;
	char *text = NULL;
	size_t len = 0;

	*rc = 2;
	err_clear(&e);
	memset(cp, 0, sizeof(*cp));
	snprintf(cp->label, sizeof(cp->label), "%s", path);
	if (sign_public_load(data_dir, pk, &e) < 0) {
		config_die("%s", e.msg);
		return -1;
	}
	if ((f = fopen(path, "rb")) == NULL) {
		config_die("cannot open checkpoint %s: %s", path, strerror(errno));
		return -1;
	}
	if ((text = malloc(CHECKPOINT_FILE_MAX + 1)) != NULL)
		len = fread(text, 1, CHECKPOINT_FILE_MAX + 1, f);
	fclose(f);
	if (text != NULL && len <= CHECKPOINT_FILE_MAX)
		j = json_loadb(text, len, 0, &je);
	free(text);
	if (j == NULL) {
		config_die("checkpoint %s is not a JSON file of at most %d bytes", path,
		    CHECKPOINT_FILE_MAX);
		return -1;
	}
	*rc = 1;
	fpk = json_string_value(json_object_get(j, "public_key"));
	if (fpk != NULL &&
	    (sign_base64_decode(filepk, sizeof(filepk), fpk) < 0 ||
		sodium_memcmp(filepk, pk, sizeof(pk)) != 0)) {
		printf("checkpoint %s was signed by another key than this "
		       "installation's\n",
		    path);
		goto fail;
	}
	if (audit_checkpoint_check(j, pk, &cp->seq, cp->head, &e) < 0) {
		printf("checkpoint %s: %s (with this installation's public key)\n", path,
		    e.msg);
		goto fail;
	}
	at = json_string_value(json_object_get(j, "at"));
	snprintf(cp->at, sizeof(cp->at), "%s", at != NULL ? at : "");
	json_decref(j);
	*rc = 0;
	return 0;
fail:
	json_decref(j);
	return -1;
}

/* The next stored checkpoint, or NULL when none is left (e set on error). */
static json_t *
next_stored(struct holds *h, struct err *e)
{
	if (h->rows != NULL && h->i < json_array_size(h->rows))
		return json_array_get(h->rows, h->i);
	json_decref(h->rows);
	h->rows = NULL;
	h->i = 0;
	if (db_exec(h->c, DB_AUDIT_CHECKPOINT_PAGE,
		(struct db_param[]){ DBP_INT(h->after), DBP_INT(CHECKPOINT_PAGE) }, 2,
		&h->rows, e) < 0)
		return NULL;
	return json_array_get(h->rows, 0);
}

/*
 * Hold every checkpoint of entry seq against hash, the chain's there:
 * stored ones with the key that signed them (a row that does not verify
 * was altered), and the file. 0, REPORTED, or -1 with e.
 */
static int
hold_at(struct holds *h, int64_t seq, const unsigned char *hash, struct err *e)
{
	struct checkpoint cp;
	unsigned char pk[SIGN_PUBLIC_BYTES];
	const char *at;
	json_t *row;

	while ((row = next_stored(h, e)) != NULL &&
	    json_integer_value(json_object_get(row, "seq")) <= seq) {
		h->i++;
		h->after = json_integer_value(json_object_get(row, "seq"));
		if (sign_base64_decode(pk, sizeof(pk),
			json_string_value(json_object_get(row, "public_key"))) < 0 ||
		    audit_checkpoint_check(row, pk, &cp.seq, cp.head, e) < 0) {
			printf("audit chain broken at entry %" PRId64 ": its stored "
			       "checkpoint has no valid signature (the checkpoint "
			       "table was altered)\n",
			    h->after);
			return REPORTED;
		}
		at = json_string_value(json_object_get(row, "at"));
		if (cp.seq == seq && sodium_memcmp(cp.head, hash, AUDIT_HASH_BYTES) != 0) {
			printf("audit chain broken at entry %" PRId64 ": the chain "
			       "up to here differs from the checkpoint signed at %s "
			       "(entries were rewritten at or before it)\n",
			    seq, at != NULL ? at : "?");
			return REPORTED;
		}
		h->checked++;
	}
	if (row == NULL && e->msg[0] != '\0')
		return -1;
	if (h->file != NULL && h->file->seq == seq &&
	    sodium_memcmp(h->file->head, hash, AUDIT_HASH_BYTES) != 0) {
		printf("audit chain broken at entry %" PRId64 ": the chain up to "
		       "here differs from checkpoint %s signed at %s (entries were "
		       "rewritten at or before it)\n",
		    seq, h->file->label, h->file->at);
		return REPORTED;
	}
	return 0;
}

/* audit_walk_fn: hold the checkpoints of each good entry. */
static int
hold_page(const struct audit_record *recs, unsigned char (*hashes)[AUDIT_HASH_BYTES],
    size_t count, void *ctx, struct err *e)
{
	size_t i;
	int r;

	for (i = 0; i < count; i++)
		if ((r = hold_at(ctx, recs[i].seq, hashes[i], e)) != 0)
			return r;
	return 0;
}

/* A checkpoint covering more than the chain: entries were cut off the end.
 * 0 when none does, REPORTED, or -1 with e. */
static int
hold_tail(struct holds *h, const struct audit_chain *ch, struct err *e)
{
	json_t *rest = next_stored(h, e);
	const char *what;
	int64_t seq;

	if (rest == NULL && e->msg[0] != '\0')
		return -1;
	if (rest != NULL) {
		what = json_string_value(json_object_get(rest, "at"));
		seq = json_integer_value(json_object_get(rest, "seq"));
	} else if (h->file != NULL && h->file->seq > ch->last_seq) {
		what = h->file->label;
		seq = h->file->seq;
	} else
		return 0;
	printf("audit chain broken at entry %" PRId64 ": entries from here on are "
	       "missing (the checkpoint %s covers up to entry %" PRId64 ")\n",
	    ch->last_seq + 1, what != NULL ? what : "?", seq);
	return REPORTED;
}

static int
audit_verify(int argc, char **argv, const void *arg)
{
	struct config c;
	struct checkpoint file;
	struct holds h = { .after = -1 };
	struct audit_chain ch;
	struct audit_break b;
	struct db_conn *conn;
	struct db *db;
	struct err e;
	char hex[AUDIT_HASH_HEX_LEN], why[256];
	const char *path = NULL;
	int rc = 0, r;
	struct config_extra x = { .opts = CONFIG_ONE_OPTION("checkpoint", required_argument),
		.take = config_take_text,
		.ctx = &path,
		.help = "  --checkpoint FILE   also hold the chain against this "
			"checkpoint (a JSON\n"
			"                      file printed by p2ham audit checkpoint or "
			"downloaded\n"
			"                      from /transparansi), signed by this "
			"installation\n" };

	if (config_setup_extra(&c, argc, argv,
		"Recompute the audit log's hash chain "
		"and hold the signed checkpoints against it. Exit status 0: it holds; "
		"1: it is broken (the first line names the entry); 2: it could not be "
		"checked.",
		false, &x, &rc) < 0)
		return rc;
	if (path != NULL) {
		if (load_file(path, c.data_dir, &file, &rc) < 0)
			return rc;
		h.file = &file;
	}
	if ((db = config_open_conn(&c, NULL, &conn)) == NULL)
		return 2;
	h.c = conn;
	err_clear(&e);
	audit_chain_init(&ch);
	/* Checkpoints of the empty log hold the genesis hash. */
	if ((r = hold_at(&h, 0, ch.head, &e)) == 0 &&
	    (r = audit_chain_walk(conn, &ch, hold_page, &h, &b, &e)) == 0)
		r = hold_tail(&h, &ch, &e);
	if (r == 1) {
		audit_break_describe(&b, why, sizeof(why));
		printf("audit chain broken at entry %" PRId64 ": %s\n", b.seq, why);
	}
	if (r < 0) {
		config_die("%s", e.msg);
		rc = 2;
		goto done;
	}
	if (r > 0) {
		rc = 1;
		goto done;
	}
	audit_hash_hex(hex, ch.head);
	printf("audit chain ok: %" PRId64 " entries, head %s\n", ch.count, hex);
	printf("stored checkpoints: %" PRId64 " hold\n", h.checked);
	if (h.file != NULL) {
		audit_hash_hex(hex, file.head);
		printf("checkpoint %s holds: entry %" PRId64 ", head %s, signed at "
		       "%s\n",
		    file.label, file.seq, hex, file.at);
	}
done:
	json_decref(h.rows);
	db_close(db);
	return rc;
}

static int
audit_checkpoint(int argc, char **argv, const void *arg)
{
	struct config c;
	struct db_conn *conn;
	struct db *db;
	struct err e;
	json_t *cp = NULL;
	bool written = false;
	int rc = 0;

	if (config_setup(&c, argc, argv,
		"Sign the audit log's current head with the "
		"installation's key, store the checkpoint and print it as JSON. The "
		"entries "
		"since the last checkpoint are verified first. Safe to run again: an "
		"unchanged head keeps its checkpoint.",
		false, &rc) < 0)
		return rc;
	if (config_check_data_dir(c.data_dir) < 0)
		return 2;
	err_clear(&e);
	if (sign_keys_ensure(c.data_dir, &e) < 0) {
		config_die("%s", e.msg);
		return 2;
	}
	if ((db = config_open_conn(&c, NULL, &conn)) == NULL)
		return 2;
	if (audit_checkpoint_write(db, c.data_dir, &cp, &written, &e) < 0) {
		config_die("%s", e.msg);
		rc = e.kind == ERR_AUDIT_BROKEN ? 1 : 2;
		goto done;
	}
	if (json_dumpf(cp, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
	    fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
		config_die("cannot write the checkpoint to standard output");
		rc = 2;
		goto done;
	}
	fprintf(stderr, "p2ham: checkpoint of entry %" PRId64 " %s\n",
	    (int64_t)json_integer_value(json_object_get(cp, "seq")),
	    written ? "signed and stored" : "already stored");
done:
	json_decref(cp);
	db_close(db);
	return rc;
}

const struct subcmd audit_subs[] = {
	{ "verify", audit_verify, NULL },
	{ "checkpoint", audit_checkpoint, NULL },
	{ NULL, NULL, NULL },
};
