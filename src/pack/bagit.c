/* bagit.c: the yearly archival bundle, a BagIt 1.0 bag (RFC 8493):
 *   bagit.txt, bag-info.txt, manifest-sha256/512.txt, tagmanifest-sha256/512.txt,
 *   metadata/fixity-sm3.txt (SM3, a tag file: BagIt tools ignore or reject manifest-sm3.txt),
 *   metadata/文件目录.xml (the catalogue), data/<retention>/<档号 in ASCII>/ one folder per
 *   件 with the package's files (extracted, so archivists can open them) and item.xml.
 * Batches are verified before anything is taken from them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "pack/pack.h"
#include "pack/vset.h"
#include "pack/zipw.h"

#define ARCHIVE_MAX_ITEMS 9999 /* 件号 has four digits */

typedef struct bag {
	tb_ctx *ctx;
	const tb_archive_options *o;
	vset files;          /* every file of the bag, names relative to the base */
	tb_buf info_items;   /* Archival-Code lines for bag-info.txt */
	tb_buf catalogue;
	char **bodies;
	size_t nbodies;
	unsigned items;
	char program[128];
	char latest[16];
	char **batch_names; /* data/batches/<name>/: unique per bag */
	size_t nbatches;
} bag;

static tb_status add_file(bag *b, const char *name, tb_buf *content)
{
	size_t len = content->len;
	char *data = tb_buf_detach(content, NULL);
	if (!data && !(data = strdup("")))
		return TB_ENOMEM;
	return vset_add(&b->files, name, data, len, NULL);
}

static tb_status note_body(bag *b, const char *name)
{
	size_t i;
	char **nv;
	for (i = 0; i < b->nbodies; i++)
		if (!strcmp(b->bodies[i], name))
			return TB_OK;
	if (!(nv = realloc(b->bodies, (b->nbodies + 1) * sizeof *nv)))
		return TB_ENOMEM;
	b->bodies = nv;
	return (b->bodies[b->nbodies++] = strdup(name)) ? TB_OK : TB_ENOMEM;
}

static tb_status xs(tb_buf *t, const char *s)
{
	return tb_buf_put_xml(t, s ? s : "", s ? strlen(s) : 0);
}

/* One package becomes one 件. */
static tb_status add_item(bag *b, const char *batch, const char *zip, xmlNodePtr pkg,
                          const char *body, const char *batch_name)
{
	const tb_archive_options *o = b->o;
	vset s = {0};
	char *top = NULL, *size = tb_xml_attr(pkg, "size"), *sha = tb_xml_attr(pkg, "sha256");
	char *sm3 = tb_xml_attr(pkg, "sm3"), *applicant = tb_xml_text(pkg);
	char code[128], ascii[128], dir[160], num[8];
	tb_buf t = TB_BUF_INIT;
	tb_status st;
	size_t i;

	if (++b->items > ARCHIVE_MAX_ITEMS) {
		tb_error(b->ctx, "archive.limit", batch, 0, 0, N_("split the year into several bundles"),
		         N_("more than %d items in one bundle"), ARCHIVE_MAX_ITEMS);
		st = TB_ELIMIT;
		goto done;
	}
	snprintf(num, sizeof num, "%04u", b->items);
	snprintf(code, sizeof code, "%s-%s·%d-%s-%s-%s", o->fonds, o->category, o->year,
	         o->retention, o->org, num);
	snprintf(ascii, sizeof ascii, "%s-%s-%d-%s-%s-%s", o->fonds, o->category, o->year,
	         o->retention, o->org, num);
	snprintf(dir, sizeof dir, "data/%s/%s/", o->retention, ascii);
	if ((st = vset_from_zip(b->ctx, zip, zip, NULL, 0, 10000, 1, &s, &top)) != TB_OK)
		goto done;
	/* The 件's folder holds the package's files and the item.xml written here: a package
	 * file of that name would be overwritten, or overwrite it. */
	if (vset_find(&s, "item.xml")) {
		tb_error(b->ctx, "archive.name", zip, 0, 0,
		         N_("the package was not made by tianbiao build; rebuild it"),
		         N_("the package has a file \"item.xml\", the name of the item's own record"));
		st = TB_ERROR;
		goto done;
	}
	for (i = 0; i < s.n; i++) {
		tb_buf name = TB_BUF_INIT;
		if (tb_buf_printf(&name, "%s%s", dir, s.v[i].name) ||
		    (st = vset_add(&b->files, name.data, s.v[i].data, s.v[i].len, NULL)) != TB_OK) {
			tb_buf_free(&name);
			st = TB_ENOMEM;
			goto done;
		}
		s.v[i].data = NULL;
		tb_buf_free(&name);
	}
	/* item.xml: the 件's archival description (DA/T 22 档号 parts) and the source package. */
	if (tb_buf_printf(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<item archival-code=\"%s\""
	                      " fonds=\"%s\" category=\"%s\" year=\"%d\" retention=\"%s\" org=\"%s\""
	                      " number=\"%s\">\n  <title>",
	                  code, o->fonds, o->category, o->year, o->retention, o->org, num) ||
	    xs(&t, applicant) || tb_buf_puts(&t, " 申报材料</title>\n  <responsible>") ||
	    xs(&t, applicant) || tb_buf_puts(&t, "</responsible>\n  <recommender>") || xs(&t, body) ||
	    tb_buf_puts(&t, "</recommender>\n  <package file=\"") || xs(&t, tb_path_basename(zip)) ||
	    tb_buf_puts(&t, "\" batch=\"") || xs(&t, batch_name) ||
	    tb_buf_printf(&t, "\" size=\"%s\" sha256=\"%s\" sm3=\"%s\"/>\n</item>\n", size ? size : "",
	                  sha ? sha : "", sm3 ? sm3 : "")) {
		st = TB_ENOMEM;
		goto done;
	}
	{
		char name[200];
		snprintf(name, sizeof name, "%sitem.xml", dir);
		if ((st = add_file(b, name, &t)) != TB_OK)
			goto done;
	}
	if (tb_buf_printf(&b->info_items, "Archival-Code: %s %s\n", code, applicant ? applicant : "") ||
	    tb_buf_printf(&b->catalogue, "  <item archival-code=\"%s\" number=\"%s\" path=\"%s\">",
	                  code, num, dir) ||
	    xs(&b->catalogue, applicant) || tb_buf_puts(&b->catalogue, "</item>\n"))
		st = TB_ENOMEM;
done:
	tb_buf_free(&t);
	vset_free(&s);
	free(top);
	free(size);
	free(sha);
	free(sm3);
	free(applicant);
	return st;
}

/* The batch's name: batch-manifest.xml's, else the folder's real name ("out/" and "." name
 * nothing); made unique within the bag. */
static char *batch_name(bag *b, const char *batch, xmlNodePtr root)
{
	char *n = tb_xml_attr(root, "name"), *real = NULL, **nv;
	tb_buf u = TB_BUF_INIT;
	size_t i, k;
	if (!n || !*n || tb_path_check_relative(n) != TB_PATH_OK || strchr(n, '/') || n[0] == '.') {
		free(n);
		real = realpath(batch, NULL);
		n = strdup(tb_path_basename(real ? real : batch));
		free(real);
	}
	if (!n)
		return NULL;
	for (k = 1;; k++) {
		int used = 0;
		tb_buf_reset(&u);
		if ((k == 1 ? tb_buf_puts(&u, n) : tb_buf_printf(&u, "%s-%zu", n, k))) {
			tb_buf_free(&u);
			free(n);
			return NULL;
		}
		for (i = 0; i < b->nbatches; i++)
			used |= !strcmp(b->batch_names[i], u.data);
		if (!used)
			break;
	}
	free(n);
	nv = realloc(b->batch_names, (b->nbatches + 1) * sizeof *nv);
	if (!nv) {
		tb_buf_free(&u);
		return NULL;
	}
	b->batch_names = nv;
	return b->batch_names[b->nbatches++] = tb_buf_detach(&u, NULL);
}

/* The batch's own records go into the bag too: batch-manifest.xml, checksums.sha256 and the
 * summary sheets (data/batches/<name>/), so the archive keeps who was put forward, ranked
 * how, within which quota. */
static tb_status add_batch_records(bag *b, const char *batch, const char *name)
{
	vset s = {0};
	size_t i;
	tb_status st = vset_from_dir(b->ctx, batch, VSET_MAX_ENTRIES, &s);
	for (i = 0; st == TB_OK && i < s.n; i++) {
		const char *nm = s.v[i].name;
		char *data = NULL;
		size_t len = 0;
		int owned = 0;
		tb_buf dest = TB_BUF_INIT;
		if (strcmp(nm, "batch-manifest.xml") && strcmp(nm, PACK_CHECKSUMS) &&
		    strncmp(nm, "summary/", 8))
			continue;
		if ((st = vent_bytes(b->ctx, &s.v[i], PACK_MAX_FILE_BYTES, &data, &len, &owned)) != TB_OK)
			break;
		if (!owned) { /* read from disk always gives an owned copy; be safe */
			char *c = malloc(len + 1);
			if (!c) {
				st = TB_ENOMEM;
				break;
			}
			memcpy(c, data, len);
			data = c;
		}
		if (tb_buf_printf(&dest, "data/batches/%s/%s", name, nm))
			st = TB_ENOMEM;
		else
			st = vset_add(&b->files, dest.data, data, len, NULL);
		if (st != TB_OK)
			free(data);
		tb_buf_free(&dest);
	}
	vset_free(&s);
	return st;
}

static tb_status add_batch(bag *b, const char *batch)
{
	char *mpath = tb_path_join(batch, "batch-manifest.xml"), *year = NULL, *created = NULL;
	char *prog = NULL;
	const char *name = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, p, rc;
	tb_verify_options vo = TB_VERIFY_OPTIONS_INIT;
	tb_status st;

	if (!mpath)
		return TB_ENOMEM;
	/* Only what verifies goes to the archive. */
	if ((st = tb_pack_verify(b->ctx, batch, &vo)) != TB_OK) {
		tb_error(b->ctx, "archive.batch", batch, 0, 0,
		         N_("rebuild the batch, or get a fresh copy from the recommending office"),
		         N_("the batch does not verify; it is not archived"));
		goto done;
	}
	if ((st = tb_xml_read_file(b->ctx, mpath, TB_XML_NOBLANKS, &doc)) != TB_OK)
		goto done;
	root = xmlDocGetRootElement(doc);
	year = tb_xml_attr(root, "year");
	created = tb_xml_attr(root, "created");
	prog = tb_xml_attr(root, "program");
	if (!year || atoi(year) != b->o->year) {
		tb_error(b->ctx, "archive.year", batch, 0, 0, NULL,
		         N_("the batch is for year %d, not %d"), year ? atoi(year) : 0, b->o->year);
		st = TB_ERROR;
		goto done;
	}
	if (prog && !b->program[0])
		snprintf(b->program, sizeof b->program, "%s", prog);
	if (!(name = batch_name(b, batch, root))) {
		st = TB_ENOMEM;
		goto done;
	}
	if (created && strncmp(created, b->latest, 10) > 0)
		snprintf(b->latest, sizeof b->latest, "%.10s", created);
	for (p = tb_xml_child(root, "package"); st == TB_OK && p; p = tb_xml_next(p, "package")) {
		char *path = tb_xml_attr(p, "path"), *ri = tb_xml_attr(p, "recommender"), *zip;
		char *body = NULL;
		for (rc = tb_xml_child(root, "recommender"); rc && ri; rc = tb_xml_next(rc, "recommender")) {
			char *idx = tb_xml_attr(rc, "index");
			if (idx && !strcmp(idx, ri))
				body = tb_xml_text(rc);
			free(idx);
		}
		zip = path ? tb_path_join(batch, path) : NULL;
		st = zip ? note_body(b, body ? body : "") : TB_ENOMEM;
		if (st == TB_OK)
			st = add_item(b, batch, zip, p, body, name);
		free(zip);
		free(body);
		free(path);
		free(ri);
	}
	if (st == TB_OK)
		st = add_batch_records(b, batch, name);
done:
	free(year);
	free(created);
	free(prog);
	if (doc)
		tb_xml_free(doc);
	free(mpath);
	return st;
}

static int vent_cmp(const void *a, const void *b)
{
	return strcmp(((const vent *)a)->name, ((const vent *)b)->name);
}

/* A manifest over the files whose names pass `want` (sorted, so the bytes are stable). */
static tb_status manifest(bag *b, tb_digest_alg alg, int tags, tb_buf *out)
{
	size_t i;
	char hex[TB_DIGEST_HEX_MAX];
	for (i = 0; i < b->files.n; i++) {
		const vent *e = &b->files.v[i];
		int is_data = !strncmp(e->name, "data/", 5);
		if (tags ? is_data || !strncmp(e->name, "tagmanifest-", 12) : !is_data)
			continue;
		if (tb_digest_mem(alg, e->data, e->len, hex) ||
		    tb_buf_printf(out, "%s  %s\n", hex, e->name))
			return TB_ENOMEM;
	}
	return TB_OK;
}

static void human_size(unsigned long long n, char out[32])
{
	if (n >= 1024ULL * 1024 * 1024)
		snprintf(out, 32, "%.1f GB", n / (1024.0 * 1024 * 1024));
	else if (n >= 1024 * 1024)
		snprintf(out, 32, "%.1f MB", n / (1024.0 * 1024));
	else
		snprintf(out, 32, "%.1f KB", n / 1024.0);
}

static tb_status tag_files(bag *b, const char *base)
{
	tb_buf t = TB_BUF_INIT;
	unsigned long long bytes = 0, count = 0;
	char date[16], size[32];
	size_t i;
	tb_status st;
	const tb_archive_options *o = b->o;

	for (i = 0; i < b->files.n; i++) {
		bytes += b->files.v[i].len;
		count++;
	}
	pack_iso_date(pack_epoch(b->ctx, b->latest[0] ? b->latest : NULL), date);
	human_size(bytes, size);
	if (tb_buf_puts(&t, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n") ||
	    (st = add_file(b, "bagit.txt", &t)) != TB_OK)
		return TB_ENOMEM;
	/* metadata/文件目录.xml, the catalogue of items */
	if (tb_buf_printf(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalogue fonds=\"%s\""
	                      " category=\"%s\" year=\"%d\" retention=\"%s\" program=\"",
	                  o->fonds, o->category, o->year, o->retention) ||
	    xs(&t, b->program) || tb_buf_printf(&t, "\" items=\"%u\">\n", b->items) ||
	    tb_buf_put(&t, b->catalogue.data ? b->catalogue.data : "", b->catalogue.len) ||
	    tb_buf_puts(&t, "</catalogue>\n") ||
	    (st = add_file(b, "metadata/文件目录.xml", &t)) != TB_OK)
		return TB_ENOMEM;
	if ((st = manifest(b, TB_SM3, 0, &t)) || (st = add_file(b, "metadata/fixity-sm3.txt", &t)))
		return st;
	if (tb_buf_printf(&t, "Source-Organization: ") ||
	    (o->source_org ? tb_buf_puts(&t, o->source_org) : TB_OK))
		return TB_ENOMEM;
	for (i = 0; !o->source_org && i < b->nbodies; i++)
		if (tb_buf_printf(&t, "%s%s", i ? "; " : "", b->bodies[i]))
			return TB_ENOMEM;
	if (tb_buf_printf(&t, "\nBagging-Date: %s\nExternal-Identifier: %s\n"
	                      "External-Description: %s %d\nBag-Size: %s\nPayload-Oxum: %llu.%llu\n"
	                      "Internal-Sender-Identifier: tianbiao %s\nProgram: %s\n"
	                      "Archival-Year: %d\nFonds-Number: %s\nArchival-Category: %s\n"
	                      "Retention-Period: %s\nItem-Count: %u\nEngine-Version: tianbiao %s\n",
	                  date, base, b->program, o->year, size, bytes, count, tb_version(),
	                  b->program, o->year, o->fonds, o->category, o->retention, b->items,
	                  tb_version()))
		return TB_ENOMEM;
	for (i = 0; i < b->nbodies; i++)
		if (tb_buf_printf(&t, "Recommending-Body: %s\n", b->bodies[i]))
			return TB_ENOMEM;
	if (tb_buf_put(&t, b->info_items.data ? b->info_items.data : "", b->info_items.len) ||
	    (st = add_file(b, "bag-info.txt", &t)) != TB_OK)
		return TB_ENOMEM;
	qsort(b->files.v, b->files.n, sizeof *b->files.v, vent_cmp);
	if ((st = manifest(b, TB_SHA256, 0, &t)) || (st = add_file(b, "manifest-sha256.txt", &t)) ||
	    (st = manifest(b, TB_SHA512, 0, &t)) || (st = add_file(b, "manifest-sha512.txt", &t)))
		return st;
	qsort(b->files.v, b->files.n, sizeof *b->files.v, vent_cmp);
	if ((st = manifest(b, TB_SHA256, 1, &t)) || (st = add_file(b, "tagmanifest-sha256.txt", &t)))
		return st;
	/* tagmanifest-sha512 must not list tagmanifest-sha256: manifest() skips both. */
	if ((st = manifest(b, TB_SHA512, 1, &t)) || (st = add_file(b, "tagmanifest-sha512.txt", &t)))
		return st;
	qsort(b->files.v, b->files.n, sizeof *b->files.v, vent_cmp);
	return TB_OK;
}

static tb_status write_zip(bag *b, const char *out, const char *base)
{
	pack_zipw *w = NULL;
	tb_status st = pack_zipw_new(b->ctx, pack_epoch(b->ctx, b->latest[0] ? b->latest : NULL),
	                             NULL, &w);
	size_t i;
	for (i = 0; st == TB_OK && i < b->files.n; i++) {
		tb_buf name = TB_BUF_INIT;
		if (tb_buf_printf(&name, "%s/%s", base, b->files.v[i].name)) {
			st = TB_ENOMEM;
			break;
		}
		st = pack_zipw_add_owned(w, name.data, b->files.v[i].data, b->files.v[i].len);
		b->files.v[i].data = NULL;
		tb_buf_free(&name);
	}
	if (st == TB_OK)
		return pack_zipw_commit(w, out, NULL, NULL);
	pack_zipw_free(w);
	return st;
}

/* A folder bag: written under a temporary name, then renamed into place. */
static tb_status write_dir(bag *b, const char *out)
{
	char *tmp = tb_file_tmp_name(out);
	tb_status st = TB_OK;
	size_t i;

	if (!tmp)
		return TB_ENOMEM;
	for (i = 0; st == TB_OK && i < b->files.n; i++) {
		char *path = tb_path_join(tmp, b->files.v[i].name), *dir = path ? tb_path_dirname(path) : NULL;
		st = dir ? tb_mkdirs(b->ctx, dir) : TB_ENOMEM;
		if (st == TB_OK)
			st = tb_file_write_atomic(b->ctx, path, b->files.v[i].data, b->files.v[i].len);
		free(dir);
		free(path);
	}
	if (st == TB_OK && rename(tmp, out) != 0) {
		tb_error(b->ctx, "io.write", out, 0, 0, NULL, N_("cannot move the bag into place"));
		st = TB_EIO;
	}
	if (st != TB_OK)
		tb_remove_tree(tmp); /* a full disk or a failed write leaves no half bag */
	free(tmp);
	return st;
}

tb_status tb_pack_archive(tb_ctx *ctx, const char *const *batches, size_t nbatches,
                          const char *out, const tb_archive_options *opts)
{
	tb_archive_options o;
	bag b;
	const char *bn = tb_path_basename(out);
	size_t i, bl = strlen(bn);
	int as_zip = bl > 4 && !strcmp(bn + bl - 4, ".zip");
	char *base = strndup(bn, as_zip ? bl - 4 : bl);
	tb_status st = TB_OK;
	struct stat sb;

	if (!base)
		return TB_ENOMEM;
	if (opts && tb_options_check(ctx, "tb_archive_options", opts->version,
	                             TB_ARCHIVE_OPTIONS_VERSION) != TB_OK) {
		free(base);
		return TB_EINVAL;
	}
	if (!opts || opts->year < 1980 || opts->year > 2999) {
		free(base);
		tb_error(ctx, "archive.year", NULL, 0, 0, NULL, N_("give the year with --year YYYY"));
		return TB_EINVAL;
	}
	o = *opts;
	o.fonds = o.fonds ? o.fonds : "X001";
	o.category = o.category ? o.category : "WS";
	o.retention = o.retention ? o.retention : "D30";
	o.org = o.org ? o.org : "KP";
	if (strcmp(o.retention, "Y") && strcmp(o.retention, "D30") && strcmp(o.retention, "D10")) {
		tb_error(ctx, "archive.retention", NULL, 0, 0, N_("use Y (永久), D30 or D10"),
		         N_("unknown retention period \"%s\""), o.retention);
		free(base);
		return TB_EINVAL;
	}
	if (tb_path_check_relative(base) || lstat(out, &sb) == 0) {
		tb_error(ctx, "archive.exists", out, 0, 0, N_("choose a new name; bundles are never overwritten"),
		         N_("the output already exists or cannot be a bag name"));
		free(base);
		return TB_EINVAL;
	}
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.o = &o;
	for (i = 0; st == TB_OK && i < nbatches; i++)
		st = add_batch(&b, batches[i]);
	if (st == TB_OK && !b.items) {
		tb_error(ctx, "archive.empty", NULL, 0, 0, NULL, N_("the batches hold no packages"));
		st = TB_ERROR;
	}
	if (st == TB_OK)
		st = tag_files(&b, base);
	if (st == TB_OK && o.result) {
		memset(o.result, 0, sizeof *o.result);
		o.result->batches = nbatches;
		o.result->items = b.items;
		o.result->files = b.files.n;
		for (i = 0; i < b.files.n; i++)
			if (!strncmp(b.files.v[i].name, "data/", 5))
				o.result->bytes += b.files.v[i].len;
	}
	if (st == TB_OK)
		st = as_zip ? write_zip(&b, out, base) : write_dir(&b, out);
	vset_free(&b.files);
	for (i = 0; i < b.nbatches; i++)
		free(b.batch_names[i]);
	free(b.batch_names);
	tb_buf_free(&b.info_items);
	tb_buf_free(&b.catalogue);
	for (i = 0; i < b.nbodies; i++)
		free(b.bodies[i]);
	free(b.bodies);
	free(base);
	return st;
}
