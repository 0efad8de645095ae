/* batch_out.c: the files a batch adds beside its packages: the summary-sheet data of each
 * recommending body (root <batch>, docs/report-formats.md), batch-manifest.xml and a
 * sha256sum-compatible checksums.sha256 over all of them. */
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/writer.h"
#include "pack/batch.h"
#include "tianbiao/tb_report.h"

void batch_format_points(tb_points p, char out[32])
{
	long whole = p / TB_POINTS_SCALE, frac = p % TB_POINTS_SCALE;
	if (frac == 0)
		snprintf(out, 32, "%ld", whole);
	else if (frac % 10 == 0)
		snprintf(out, 32, "%ld.%ld", whole, frac / 10);
	else
		snprintf(out, 32, "%ld.%02ld", whole, frac);
}

static tb_status x(tb_buf *b, const char *s)
{
	return tb_buf_put_xml(b, s ? s : "", s ? strlen(s) : 0);
}

static tb_status el(tb_buf *b, const char *ind, const char *name, const char *val)
{
	if (tb_buf_printf(b, "%s<%s>", ind, name) || x(b, val) || tb_buf_printf(b, "</%s>\n", name))
		return TB_ENOMEM;
	return TB_OK;
}

static const pack_app *first_app(const batch_run *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		if (r->items[i].app)
			return r->items[i].app;
	return NULL;
}

static tb_status summary_xml(const batch_run *r, size_t g, tb_buf *b)
{
	const batch_group *gr = &r->groups[g];
	const pack_app *a0 = first_app(r);
	char date[16], pts[32];
	unsigned rank;
	size_t i;

	pack_iso_date(r->created, date);
	if (tb_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<batch program=\"") ||
	    x(b, a0->program_id) || tb_buf_printf(b, "\" year=\"%d\">\n", a0->year) ||
	    tb_buf_puts(b, "  <recommender kind=\"") || x(b, gr->kind) || tb_buf_puts(b, "\">\n") ||
	    el(b, "    ", "name", gr->name) || tb_buf_printf(b, "    <quota>%u</quota>\n", gr->quota) ||
	    tb_buf_puts(b, "  </recommender>\n") || el(b, "  ", "date", date))
		return TB_ENOMEM;
	/* In rank order. */
	for (rank = 1; rank <= gr->count; rank++) {
		for (i = 0; i < r->n; i++) {
			const batch_item *it = &r->items[i];
			const pack_app *a = it->app;
			if (!a || it->group != (int)g || it->rank != rank)
				continue;
			batch_format_points(a->claimed, pts);
			if (tb_buf_printf(b, "  <applicant rank=\"%u\" package=\"", rank) || x(b, it->folder) ||
			    tb_buf_puts(b, "\">\n") || el(b, "    ", "name", a->applicant) ||
			    el(b, "    ", "authority", a->authority) || tb_buf_puts(b, "    <contact>\n") ||
			    el(b, "      ", "name", a->contact_name) || el(b, "      ", "phone", a->phone) ||
			    el(b, "      ", "mobile", a->mobile) || el(b, "      ", "email", a->email) ||
			    tb_buf_puts(b, "    </contact>\n") || el(b, "    ", "targets", a->targets) ||
			    el(b, "    ", "score", pts) ||
			    el(b, "    ", "within-quota", it->within_quota ? "true" : "false") ||
			    tb_buf_puts(b, "  </applicant>\n"))
				return TB_ENOMEM;
		}
	}
	return tb_buf_puts(b, "</batch>\n") ? TB_ENOMEM : TB_OK;
}

static tb_status manifest_xml(const batch_run *r, tb_buf *b)
{
	const pack_app *a0 = first_app(r);
	char when[32];
	size_t i;

	pack_iso_time(r->created, when);
	if (tb_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                     "<batch-manifest version=\"1\" created=\"%s\" program=\"", when) ||
	    x(b, a0 ? a0->program_id : "") ||
	    tb_buf_printf(b, "\" year=\"%d\">\n  <engine name=\"tianbiao\" version=\"%s\"/>\n",
	                  a0 ? a0->year : 0, tb_version()))
		return TB_ENOMEM;
	for (i = 0; i < r->ngroups; i++)
		if (tb_buf_printf(b, "  <recommender index=\"%zu\" kind=\"", i + 1) ||
		    x(b, r->groups[i].kind) ||
		    tb_buf_printf(b, "\" quota=\"%u\" applicants=\"%zu\" summary=\"summary/%02zu.xml\">",
		                  r->groups[i].quota, r->groups[i].count, i + 1) ||
		    x(b, r->groups[i].name) || tb_buf_puts(b, "</recommender>\n"))
			return TB_ENOMEM;
	for (i = 0; i < r->n; i++) {
		const batch_item *it = &r->items[i];
		if (it->state != APP_BUILT && it->state != APP_UNCHANGED)
			continue;
		if (tb_buf_puts(b, "  <package path=\"packages/") || x(b, it->folder) ||
		    tb_buf_puts(b, ".zip\" id=\"") || x(b, it->folder) ||
		    tb_buf_printf(b, "\" recommender=\"%d\" rank=\"%u\" within-quota=\"%s\" size=\"%zu\""
		                     " sha256=\"%s\" sm3=\"%s\">",
		                  it->group + 1, it->rank, it->within_quota ? "true" : "false", it->size,
		                  it->sha256, it->sm3) ||
		    x(b, it->app->applicant) || tb_buf_puts(b, "</package>\n"))
			return TB_ENOMEM;
	}
	return tb_buf_puts(b, "</batch-manifest>\n") ? TB_ENOMEM : TB_OK;
}

/* A re-run that changes nothing rewrites nothing (no needless syncs, same inode times). */
static tb_status write_if_changed(tb_ctx *ctx, const char *path, const char *data, size_t len)
{
	char *old = NULL;
	size_t oldlen = 0;
	int same = 0;
	struct stat sb;
	/* Only a file of the same size is read, so reading cannot fail on its size. */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size == len &&
	    tb_file_read(ctx, path, len + 1, &old, &oldlen) == TB_OK)
		same = oldlen == len && !memcmp(old, data, len);
	free(old);
	return same ? TB_OK : tb_file_write_atomic(ctx, path, data, len);
}

static tb_status write_and_sum(batch_run *r, const char *rel, tb_buf *content, tb_buf *sums)
{
	char *path = tb_path_join(r->out, rel);
	char hex[TB_DIGEST_HEX_MAX];
	tb_status st;
	if (!path)
		return TB_ENOMEM;
	st = write_if_changed(r->ctx, path, content->data, content->len);
	free(path);
	if (st == TB_OK && (st = tb_digest_mem(TB_SHA256, content->data, content->len, hex)) == TB_OK &&
	    tb_buf_printf(sums, "%s  %s\n", hex, rel))
		st = TB_ENOMEM;
	tb_buf_reset(content);
	return st;
}

/* Drop summary files of bodies no longer in the batch. */
static void prune_summaries(batch_run *r)
{
	size_t k;
	char *dir = tb_path_join(r->out, "summary");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char want[32], *full;
		int keep = de->d_name[0] == '.';
		for (k = 1; !keep && k <= r->ngroups; k++) {
			snprintf(want, sizeof want, "%02zu.xml", k);
			keep = !strcmp(de->d_name, want);
			snprintf(want, sizeof want, "%02zu.docx", k);
			keep = keep || !strcmp(de->d_name, want);
			snprintf(want, sizeof want, "%02zu.pdf", k);
			keep = keep || !strcmp(de->d_name, want);
		}
		if (!keep && (full = tb_path_join(dir, de->d_name))) {
			unlink(full);
			free(full);
		}
	}
	if (d)
		closedir(d);
	free(dir);
	/* and the sheets' state of bodies past the current count */
	for (k = r->ngroups + 1; k <= 99; k++) {
		char rel[64], *st;
		snprintf(rel, sizeof rel, ".state/summary-%02zu.txt", k);
		if ((st = tb_path_join(r->out, rel))) {
			unlink(st);
			free(st);
		}
	}
}

/* Were summary/NN.docx and .pdf made from the XML with this digest? */
static int sheet_fresh(batch_run *r, size_t g, const char *state, const char *xmlhex)
{
	char rel[64], *p, *data = NULL;
	size_t len, k;
	int ok = tb_file_exists(state);
	static const char *const exts[] = {"docx", "pdf"};
	for (k = 0; ok && k < 2; k++) {
		snprintf(rel, sizeof rel, "summary/%02zu.%s", g + 1, exts[k]);
		p = tb_path_join(r->out, rel);
		ok = p && tb_file_exists(p);
		free(p);
	}
	if (ok && tb_file_read(r->ctx, state, 256, &data, &len) == TB_OK)
		ok = !strcmp(data, xmlhex);
	else
		ok = 0;
	free(data);
	return ok;
}

/* summary/NN.docx filled from `xml` in memory and written, then summary/NN.pdf rendered from
 * those same bytes: one fill, no temporary file between the stages. */
static tb_status make_sheets(batch_run *r, size_t g, const char *tpl, const char *xml)
{
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	tb_buf doc = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&doc);
	tb_file_writer *fw = NULL;
	char rel[64], *tbytes = NULL, *data = NULL, *path = NULL;
	size_t tlen = 0, dlen = 0;
	tb_status st;

	if ((st = tb_file_read(r->ctx, tpl, PACK_MAX_FILE_BYTES, &tbytes, &tlen)) == TB_OK &&
	    (st = tb_file_read(r->ctx, xml, PACK_MAX_FILE_BYTES, &data, &dlen)) == TB_OK)
		st = tb_fill_mem(r->ctx, tpl, tbytes, tlen, xml, data, dlen, &w, &fo);
	snprintf(rel, sizeof rel, "summary/%02zu.docx", g + 1);
	if (st == TB_OK && !(path = tb_path_join(r->out, rel)))
		st = TB_ENOMEM;
	if (st == TB_OK)
		st = tb_file_write_atomic(r->ctx, path, doc.data, doc.len);
	free(path);
	path = NULL;
	snprintf(rel, sizeof rel, "summary/%02zu.pdf", g + 1);
	if (st == TB_OK && !(path = tb_path_join(r->out, rel)))
		st = TB_ENOMEM;
	if (st == TB_OK && (st = tb_file_writer_open(r->ctx, path, &fw)) == TB_OK)
		st = tb_file_writer_finish(fw, tb_render_mem(r->ctx, tpl, doc.data, doc.len,
		                                             tb_file_writer_get(fw), NULL));
	free(path);
	free(tbytes);
	free(data);
	tb_buf_free(&doc);
	return st;
}

/* The 推荐汇总表 itself: summary/NN.docx and .pdf filled from summary/NN.xml with the
 * program's "summary-sheet" template. A program without that template gets the XML only. */
static tb_status summary_sheet(batch_run *r, size_t g, tb_buf *sums)
{
	static const char *const exts[] = {"docx", "pdf"};
	const tb_program *p = NULL;
	const char *tpl;
	char rel[64], hex[TB_DIGEST_HEX_MAX], xmlhex[TB_DIGEST_HEX_MAX], *xml, *path, *state;
	tb_status st = TB_OK;
	size_t k;
	int fresh;

	if (tb_program_load(r->ctx, first_app(r)->program_id, &p) != TB_OK || !p ||
	    !(tpl = tb_program_template(p, "summary-sheet", "docx")))
		return TB_OK;
	snprintf(rel, sizeof rel, "summary/%02zu.xml", g + 1);
	if (!(xml = tb_path_join(r->out, rel)))
		return TB_ENOMEM;
	/* Rendering is the slow part: skip it when the sheets on disk were made from this very
	 * XML (its digest is recorded in .state after both sheets were written). */
	snprintf(rel, sizeof rel, ".state/summary-%02zu.txt", g + 1);
	if (!(state = tb_path_join(r->out, rel)) ||
	    tb_digest_file(r->ctx, TB_SHA256, xml, xmlhex) != TB_OK) {
		free(xml);
		free(state);
		return TB_EIO;
	}
	fresh = sheet_fresh(r, g, state, xmlhex);
	if (!fresh)
		st = make_sheets(r, g, tpl, xml);
	for (k = 0; st == TB_OK && k < 2; k++) {
		snprintf(rel, sizeof rel, "summary/%02zu.%s", g + 1, exts[k]);
		if (!(path = tb_path_join(r->out, rel))) {
			st = TB_ENOMEM;
			break;
		}
		if ((st = tb_digest_file(r->ctx, TB_SHA256, path, hex)) == TB_OK &&
		    tb_buf_printf(sums, "%s  %s\n", hex, rel))
			st = TB_ENOMEM;
		free(path);
	}
	if (st == TB_OK && !fresh)
		st = tb_file_write_atomic(r->ctx, state, xmlhex, strlen(xmlhex));
	free(state);
	free(xml);
	return st;
}

tb_status batch_write_outputs(batch_run *r)
{
	tb_buf b = TB_BUF_INIT, sums = TB_BUF_INIT;
	tb_status st = TB_OK;
	char rel[64];
	size_t i;

	if (!first_app(r)) {
		st = TB_ERROR; /* nothing loaded: the diagnostics say why */
		goto done;
	}
	prune_summaries(r);
	if ((st = manifest_xml(r, &b)) || (st = write_and_sum(r, "batch-manifest.xml", &b, &sums)))
		goto done;
	for (i = 0; st == TB_OK && i < r->n; i++) {
		const batch_item *it = &r->items[i];
		if (it->state == APP_BUILT || it->state == APP_UNCHANGED)
			if (tb_buf_printf(&sums, "%s  packages/%s.zip\n", it->sha256, it->folder))
				st = TB_ENOMEM;
	}
	for (i = 0; st == TB_OK && i < r->ngroups; i++) {
		snprintf(rel, sizeof rel, "summary/%02zu.xml", i + 1);
		if ((st = summary_xml(r, i, &b)) == TB_OK)
			st = write_and_sum(r, rel, &b, &sums);
		if (st == TB_OK)
			st = summary_sheet(r, i, &sums);
	}
	if (st == TB_OK) {
		char *path = tb_path_join(r->out, PACK_CHECKSUMS);
		st = path ? write_if_changed(r->ctx, path, sums.data, sums.len) : TB_ENOMEM;
		free(path);
	}
done:
	tb_buf_free(&b);
	tb_buf_free(&sums);
	return st;
}
