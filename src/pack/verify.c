/* verify.c: read a package, a batch or a bundle back and prove nothing was lost, added or
 * altered: every digest, both ways (listed files exist, existing files are listed), nested
 * levels too. Archives are read only through the bounded reader. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "pack/pack.h"
#include "pack/vset.h"
#include "pack/zipw.h"

#define VERIFY_DEFAULT_ENTRIES 10000

static tb_status altered(tb_ctx *ctx, const char *label, const char *path, const char *what)
{
	tb_error(ctx, "verify.altered", label, 0, 0,
	         N_("the file was changed after packing; get a fresh copy from the sender"),
	         N_("\"%s\" does not match its recorded %s"), path, _(what));
	return TB_ERROR;
}

static tb_status missing(tb_ctx *ctx, const char *label, const char *path)
{
	tb_error(ctx, "verify.missing", label, 0, 0, N_("the package is incomplete"),
	         N_("\"%s\" is listed but missing"), path);
	return TB_ERROR;
}

static tb_status extra(tb_ctx *ctx, const char *label, const char *path)
{
	tb_error(ctx, "verify.extra", label, 0, 0, N_("something was added after packing"),
	         N_("\"%s\" is not listed in any manifest"), path);
	return TB_ERROR;
}

/* Compare one entry's size and digests against recorded values (any may be NULL). */
static tb_status check_entry(tb_ctx *ctx, const char *label, const vent *e, const char *size,
                             const char *sha256, const char *sm3)
{
	char hex[TB_DIGEST_HEX_MAX];
	if (size && strtoull(size, NULL, 10) != e->len)
		return altered(ctx, label, e->name, N_("size"));
	if (sha256) {
		if (vent_digest(ctx, e, TB_SHA256, hex) != TB_OK)
			return TB_EIO;
		if (strcmp(hex, sha256))
			return altered(ctx, label, e->name, N_("SHA-256"));
	}
	if (sm3) {
		if (vent_digest(ctx, e, TB_SM3, hex) != TB_OK)
			return TB_EIO;
		if (strcmp(hex, sm3))
			return altered(ctx, label, e->name, N_("SM3"));
	}
	return TB_OK;
}

typedef struct sums_ctx {
	tb_ctx *ctx;
	const char *label;
	vset *s;
	tb_status st;
} sums_ctx;

static tb_status on_sum_line(void *user, const char *hex, const char *path, unsigned line)
{
	sums_ctx *c = user;
	vent *e = vset_find(c->s, path);
	char have[TB_DIGEST_HEX_MAX];
	(void)line;
	if (!e)
		return missing(c->ctx, c->label, path);
	if (vent_digest(c->ctx, e, TB_SHA256, have) != TB_OK)
		return TB_EIO;
	if (strcmp(have, hex)) {
		/* The manifest is the package's record: its own digest failing means it was edited. */
		if (!strcmp(path, PACK_MANIFEST) || !strcmp(path, "batch-manifest.xml")) {
			tb_error(c->ctx, "verify.manifest", c->label, 0, 0,
			         N_("the manifest was edited after packing"),
			         N_("\"%s\" does not match checksums.sha256"), path);
			return TB_ERROR;
		}
		return altered(c->ctx, c->label, path, N_("SHA-256 in checksums.sha256"));
	}
	e->seen = 1;
	return TB_OK;
}

static tb_status check_sums_file(tb_ctx *ctx, const char *label, vset *s)
{
	vent *sums = vset_find(s, PACK_CHECKSUMS);
	sums_ctx c = {ctx, label, s, TB_OK};
	char *data;
	size_t len;
	int owned;
	tb_status st;

	if (!sums)
		return missing(ctx, label, PACK_CHECKSUMS);
	sums->seen = 1;
	if ((st = vent_bytes(ctx, sums, 64u << 20, &data, &len, &owned)) != TB_OK)
		return st;
	st = vparse_lines(ctx, label, data, len, on_sum_line, &c);
	if (owned)
		free(data);
	return st;
}

tb_status verify_package_set(tb_ctx *ctx, const char *label, vset *s, const char *top,
                             const char *allowed_extra)
{
	vent *man = vset_find(s, PACK_MANIFEST);
	xmlDocPtr doc = NULL;
	xmlNodePtr root, files, f;
	tb_status st = TB_OK, r;
	char *data = NULL, *pkg = NULL;
	size_t len, i;
	int owned = 0;

	for (i = 0; i < s->n; i++)
		s->v[i].seen = 0;
	verify_count(ctx, 0, 1);
	st = check_sums_file(ctx, label, s);
	if (st == TB_ENOMEM || st == TB_EIO)
		return st;
	if (!man) {
		missing(ctx, label, PACK_MANIFEST);
		return TB_ERROR;
	}
	man->seen = 1;
	if ((r = vent_bytes(ctx, man, TB_XML_MAX_BYTES, &data, &len, &owned)) != TB_OK)
		return r;
	r = tb_xml_read(ctx, label, data, len, TB_XML_NOBLANKS, &doc);
	if (owned)
		free(data);
	if (r != TB_OK) {
		tb_error(ctx, "verify.manifest", label, 0, 0, NULL, N_("manifest.xml cannot be read"));
		return TB_ERROR;
	}
	if (pack_xsd_check(ctx, doc, "manifest.xsd", label) != TB_OK)
		st = TB_ERROR;
	root = xmlDocGetRootElement(doc);
	pkg = root ? tb_xml_attr(root, "package") : NULL;
	if (top && (!pkg || strcmp(pkg, top))) {
		const char *named = pkg ? pkg : top + strlen(top); /* "" */
		tb_error(ctx, "verify.manifest", label, 0, 0, NULL,
		         N_("manifest.xml names package \"%s\" but the top folder is \"%s\""), named,
		         top);
		st = TB_ERROR;
	}
	free(pkg);
	files = root ? tb_xml_child(root, "files") : NULL;
	for (f = files ? tb_xml_child(files, "file") : NULL; f; f = tb_xml_next(f, "file")) {
		char *path = tb_xml_attr(f, "path"), *size = tb_xml_attr(f, "size");
		char *sha = tb_xml_attr(f, "sha256"), *sm3 = tb_xml_attr(f, "sm3");
		vent *e = path ? vset_find(s, path) : NULL;
		if (!path || !size || !sha || !sm3) {
			tb_error(ctx, "verify.manifest", label, 0, 0, NULL,
			         N_("a <file> of manifest.xml lacks path, size or digests"));
			st = TB_ERROR;
		} else if (!e) {
			st = missing(ctx, label, path);
		} else {
			e->seen = 2; /* listed by the manifest, not merely by checksums.sha256 */
			if ((r = check_entry(ctx, label, e, size, sha, sm3)) != TB_OK)
				st = r;
		}
		free(path);
		free(size);
		free(sha);
		free(sm3);
	}
	/* Every file is the manifest's: one that only checksums.sha256 lists (it can be rewritten
	 * along with the files) is as foreign as one listed nowhere. */
	for (i = 0; i < s->n; i++)
		if (s->v[i].seen != 2 && strcmp(s->v[i].name, PACK_MANIFEST) &&
		    strcmp(s->v[i].name, PACK_CHECKSUMS) &&
		    !(allowed_extra && !strcmp(s->v[i].name, allowed_extra)))
			st = extra(ctx, label, s->v[i].name);
	tb_xml_free(doc);
	return st;
}

static tb_status verify_package_zip(tb_ctx *ctx, const char *label, const char *path,
                                    const void *mem, size_t len, size_t max_entries)
{
	vset s = {0};
	char *top = NULL;
	tb_status st = vset_from_zip(ctx, label, path, mem, len, max_entries, 0, &s, &top);
	if (st == TB_OK || (st == TB_ERROR && top)) {
		tb_status r = vset_find(&s, "bagit.txt") ? verify_bag_set(ctx, label, &s, top)
		                                         : verify_package_set(ctx, label, &s, top, NULL);
		if (r != TB_OK)
			st = r;
	}
	vset_free(&s);
	free(top);
	return st;
}

/* A batch folder: batch-manifest.xml lists every package with its digests; each package is
 * then verified on its own. */
static tb_status verify_batch(tb_ctx *ctx, const char *dir, size_t max_entries)
{
	vset s = {0};
	tb_status st, r;
	vent *man;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, p;
	char *data = NULL;
	size_t len, i;
	int owned = 0;

	st = vset_from_dir(ctx, dir, VSET_MAX_ENTRIES, &s);
	if (st != TB_OK)
		goto done;
	/* The batch's own bookkeeping (rebuild state) is not part of what is sent. */
	for (i = 0; i < s.n; i++)
		s.v[i].seen = 0;
	st = check_sums_file(ctx, dir, &s);
	if (st == TB_ENOMEM || st == TB_EIO)
		goto done;
	if (!(man = vset_find(&s, "batch-manifest.xml"))) {
		st = missing(ctx, dir, "batch-manifest.xml");
		goto done;
	}
	man->seen = 1;
	if ((r = vent_bytes(ctx, man, TB_XML_MAX_BYTES, &data, &len, &owned)) != TB_OK ||
	    (r = tb_xml_read(ctx, man->disk, data, len, TB_XML_NOBLANKS, &doc)) != TB_OK) {
		st = r == TB_ERROR ? TB_ERROR : r;
		goto done;
	}
	if (pack_xsd_check(ctx, doc, "batch-manifest.xsd", man->disk) != TB_OK)
		st = TB_ERROR;
	root = xmlDocGetRootElement(doc);
	for (p = root ? tb_xml_child(root, "package") : NULL; p; p = tb_xml_next(p, "package")) {
		char *path = tb_xml_attr(p, "path"), *size = tb_xml_attr(p, "size");
		char *sha = tb_xml_attr(p, "sha256"), *sm3 = tb_xml_attr(p, "sm3");
		vent *e = path ? vset_find(&s, path) : NULL;
		if (!path || !size || !sha || !sm3) {
			tb_error(ctx, "verify.manifest", man->disk, 0, 0, NULL,
			         N_("a <package> lacks path, size or digests"));
			st = TB_ERROR;
		} else if (!e) {
			st = missing(ctx, dir, path);
		} else {
			e->seen = 1;
			if ((r = check_entry(ctx, dir, e, size, sha, sm3)) != TB_OK)
				st = r;
			if ((r = verify_package_zip(ctx, e->disk, e->disk, NULL, 0, max_entries)) != TB_OK)
				st = r;
		}
		free(path);
		free(size);
		free(sha);
		free(sm3);
	}
	for (i = 0; i < s.n; i++)
		if (!s.v[i].seen && strncmp(s.v[i].name, ".state/", 7))
			st = extra(ctx, dir, s.v[i].name);
done:
	if (owned)
		free(data);
	if (doc)
		tb_xml_free(doc);
	vset_free(&s);
	return st;
}

static tb_status verify_bag_dir(tb_ctx *ctx, const char *dir, size_t max_entries)
{
	vset s = {0};
	const char *base = tb_path_basename(dir);
	tb_status st = vset_from_dir(ctx, dir, max_entries, &s);
	if (st == TB_OK)
		st = verify_bag_set(ctx, dir, &s, base);
	vset_free(&s);
	return st;
}

static tb_status verify_path(tb_ctx *ctx, const char *path, size_t max)
{
	char *probe;
	tb_status st;
	if (tb_dir_exists(path)) {
		if (!(probe = tb_path_join(path, "bagit.txt")))
			return TB_ENOMEM;
		st = tb_file_exists(probe) ? verify_bag_dir(ctx, path, max * 20)
		                           : verify_batch(ctx, path, max);
		free(probe);
		return st;
	}
	if (!tb_file_exists(path)) {
		tb_error(ctx, "io.read", path, 0, 0, NULL, N_("no such file or folder"));
		return TB_ENOTFOUND;
	}
	return verify_package_zip(ctx, path, path, NULL, 0, max);
}

tb_status tb_pack_verify(tb_ctx *ctx, const char *path, const tb_verify_options *opts)
{
	size_t max = opts && opts->max_entries ? opts->max_entries : VERIFY_DEFAULT_ENTRIES;
	void *outer;
	tb_status st;

	if (opts && tb_options_check(ctx, "tb_verify_options", opts->version,
	                             TB_VERIFY_OPTIONS_VERSION) != TB_OK)
		return TB_EINVAL;
	if (!opts || !opts->result)
		return verify_path(ctx, path, max);
	/* Count into the caller's result while this call runs (nested calls keep theirs). */
	memset(opts->result, 0, sizeof *opts->result);
	outer = tb_ctx_cache_get(ctx, VERIFY_COUNT_KEY);
	if ((st = tb_ctx_cache_set(ctx, VERIFY_COUNT_KEY, opts->result, NULL)) != TB_OK)
		return st;
	st = verify_path(ctx, path, max);
	/* The key is there already: putting the outer counter back replaces it in place. */
	if (tb_ctx_cache_set(ctx, VERIFY_COUNT_KEY, outer, NULL) != TB_OK && st == TB_OK)
		st = TB_ENOMEM;
	return st;
}
