/* batch_out.c: the files a batch adds beside its packages: the summary sheet of each
 * recommending body (summary/<body>.xml, root <batch>, docs/report-formats.md, filled into
 * .docx and .pdf, and as .xlsx), batch-manifest.xml (what was built and what was left out,
 * and why) and a sha256sum-compatible checksums.sha256 over all of them. The summary data
 * comes from the ranking itself, so it always says what the packages are. */
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/writer.h"
#include "pack/batch.h"
#include "report/report.h"
#include "tianbiao/tb_report.h"

static const char *const sheet_exts[] = {"docx", "pdf", "xlsx"};
#define NSHEETS (sizeof sheet_exts / sizeof sheet_exts[0])

static tb_status x(tb_buf *b, const char *s)
{
	return tb_buf_put_xml(b, s ? s : "", s ? strlen(s) : 0);
}

/* A file name for a body: its name with separators, wildcards, '%', spaces and controls
 * replaced, at most 60 characters (and "-<kind>" when two bodies share a name). */
static char *sheet_name(const tb_rank *rk, size_t b)
{
	const char *s = tb_rank_body_name(rk, b);
	tb_buf o = TB_BUF_INIT;
	size_t i = 0, len = strlen(s), chars = 0, k;
	int shared = 0;
	for (k = 0; k < tb_rank_body_count(rk); k++)
		shared |= k != b && !strcmp(tb_rank_body_name(rk, k), s);
	while (i < len && chars < 60) {
		size_t start = i;
		int32_t cp = tb_utf8_next(s, len, &i);
		tb_status st;
		chars++;
		if (cp < 0x20 || cp == 0x7f || cp == ' ' || (cp == '.' && start == 0) ||
		    (cp < 128 && strchr("/\\:*?\"<>|%", (int)cp)))
			st = tb_buf_putc(&o, '_');
		else
			st = tb_buf_put(&o, s + start, i - start);
		if (st) {
			tb_buf_free(&o);
			return NULL;
		}
	}
	if (!o.len && tb_buf_puts(&o, "body"))
		return NULL;
	if (shared && tb_buf_printf(&o, "-%s", tb_rank_body_kind(rk, b))) {
		tb_buf_free(&o);
		return NULL;
	}
	return tb_buf_detach(&o, NULL);
}

static const char *left_out_reason(const batch_item *it)
{
	if (it->state == APP_SKIPPED)
		return "over-quota";
	return it->ranked ? "errors" : "unreadable";
}

static tb_status manifest_xml(const batch_run *r, char **names, tb_buf *b)
{
	const tb_rank *rk = r->rank;
	const tb_program *p = tb_rank_program(rk);
	char when[32];
	size_t i;

	pack_iso_time(r->created, when);
	if (tb_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                     "<batch-manifest version=\"1\" name=\"") ||
	    x(b, r->name) || tb_buf_printf(b, "\" created=\"%s\" program=\"", when) ||
	    x(b, tb_program_id(p)) ||
	    tb_buf_printf(b, "\" year=\"%d\">\n  <engine name=\"tianbiao\" version=\"%s\"/>\n",
	                  tb_program_year(p), tb_version()))
		return TB_ENOMEM;
	for (i = 0; i < tb_rank_body_count(rk); i++) {
		size_t k, count = 0;
		for (k = 0; k < tb_rank_count(rk); k++)
			count += tb_rank_body_of(rk, k) == i;
		if (tb_buf_printf(b, "  <recommender index=\"%zu\" kind=\"", i + 1) ||
		    x(b, tb_rank_body_kind(rk, i)) ||
		    tb_buf_printf(b, "\" quota=\"%u\" applicants=\"%zu\" summary=\"summary/",
		                  tb_rank_body_quota(rk, i), count) ||
		    x(b, names[i]) || tb_buf_puts(b, ".xml\">") || x(b, tb_rank_body_name(rk, i)) ||
		    tb_buf_puts(b, "</recommender>\n"))
			return TB_ENOMEM;
	}
	for (i = 0; i < r->n; i++) {
		const batch_item *it = &r->items[i];
		size_t k = it->rank_index;
		if (it->state != APP_BUILT && it->state != APP_UNCHANGED)
			continue;
		if (tb_buf_puts(b, "  <package path=\"packages/") || x(b, it->pkgid) ||
		    tb_buf_puts(b, ".zip\" id=\"") || x(b, it->pkgid) ||
		    tb_buf_printf(b, "\" recommender=\"%zu\" rank=\"%u\" within-quota=\"%s\" size=\"%zu\""
		                     " sha256=\"%s\" sm3=\"%s\">",
		                  tb_rank_body_of(rk, k) + 1, tb_rank_position(rk, k),
		                  tb_rank_within_quota(rk, k) ? "true" : "false", it->size, it->sha256,
		                  it->sm3) ||
		    x(b, tb_rank_applicant(rk, k)) || tb_buf_puts(b, "</package>\n"))
			return TB_ENOMEM;
	}
	/* What was not built, and why: the manifest accounts for every applicant. */
	for (i = 0; i < r->n; i++) {
		const batch_item *it = &r->items[i];
		if (it->state != APP_SKIPPED && it->state != APP_FAILED)
			continue;
		if (tb_buf_puts(b, "  <left-out id=\"") || x(b, it->id) ||
		    tb_buf_printf(b, "\" reason=\"%s\"", left_out_reason(it)))
			return TB_ENOMEM;
		if (it->ranked &&
		    tb_buf_printf(b, " recommender=\"%zu\" rank=\"%u\"",
		                  tb_rank_body_of(rk, it->rank_index) + 1,
		                  tb_rank_position(rk, it->rank_index)))
			return TB_ENOMEM;
		if (tb_buf_puts(b, ">") ||
		    x(b, it->ranked ? tb_rank_applicant(rk, it->rank_index) : it->folder) ||
		    tb_buf_puts(b, "</left-out>\n"))
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

static tb_status write_and_sum(batch_run *r, const char *rel, const char *data, size_t len,
                               tb_buf *sums)
{
	char *path = tb_path_join(r->out, rel);
	char hex[TB_DIGEST_HEX_MAX];
	tb_status st;
	if (!path)
		return TB_ENOMEM;
	st = write_if_changed(r->ctx, path, data, len);
	free(path);
	if (st == TB_OK && (st = tb_digest_mem(TB_SHA256, data, len, hex)) == TB_OK &&
	    tb_buf_printf(sums, "%s  %s\n", hex, rel))
		st = TB_ENOMEM;
	return st;
}

static int is_current(char **names, size_t n, const char *file, const char *prefix)
{
	size_t k, e, pl = strlen(prefix);
	char want[600];
	if (strncmp(file, prefix, pl))
		return 0;
	for (k = 0; k < n; k++) {
		snprintf(want, sizeof want, "%s%s.xml", prefix, names[k]);
		if (!strcmp(file, want))
			return 1;
		snprintf(want, sizeof want, "%s%s.txt", prefix, names[k]);
		if (!strcmp(file, want))
			return 1;
		for (e = 0; e < NSHEETS; e++) {
			snprintf(want, sizeof want, "%s%s.%s", prefix, names[k], sheet_exts[e]);
			if (!strcmp(file, want))
				return 1;
		}
	}
	return 0;
}

/* Drop summary files (and their state) of bodies no longer in the batch. */
static void prune_summaries(batch_run *r, char **names, size_t n)
{
	static const char *const where[][2] = {{"summary", ""}, {".state", "summary-"}};
	size_t w;
	for (w = 0; w < 2; w++) {
		char *dir = tb_path_join(r->out, where[w][0]);
		DIR *d = dir ? opendir(dir) : NULL;
		struct dirent *de;
		while (d && (de = readdir(d))) {
			char *full;
			if (de->d_name[0] == '.' || (w == 1 && strncmp(de->d_name, "summary-", 8)))
				continue;
			if (is_current(names, n, de->d_name, where[w][1]))
				continue;
			if ((full = tb_path_join(dir, de->d_name))) {
				unlink(full);
				free(full);
			}
		}
		if (d)
			closedir(d);
		free(dir);
	}
}

static char *rel_path(const char *fmt, const char *name, const char *ext)
{
	tb_buf b = TB_BUF_INIT;
	if (tb_buf_printf(&b, fmt, name, ext)) {
		tb_buf_free(&b);
		return NULL;
	}
	return tb_buf_detach(&b, NULL);
}

/* The record of a body's sheets as they are on disk: the summary data's digest, then each
 * sheet's SHA-256. NULL when one is missing or unreadable. */
static char *sheets_record(batch_run *r, const char *name, const char *xmlhex, int with_docs)
{
	tb_buf b = TB_BUF_INIT;
	char hex[TB_DIGEST_HEX_MAX];
	size_t k;
	tb_diag_pos mark;

	tb_diag_mark(r->ctx, &mark);
	if (tb_buf_printf(&b, "%s\n", xmlhex))
		goto fail;
	for (k = 0; k < NSHEETS; k++) {
		char *rel, *p;
		int ok;
		if (k < 2 && !with_docs)
			continue;
		rel = rel_path("summary/%s.%s", name, sheet_exts[k]);
		p = rel ? tb_path_join(r->out, rel) : NULL;
		ok = p && tb_digest_file(r->ctx, TB_SHA256, p, hex) == TB_OK &&
		     !tb_buf_printf(&b, "%s %s\n", hex, sheet_exts[k]);
		free(p);
		free(rel);
		if (!ok)
			goto fail;
	}
	return tb_buf_detach(&b, NULL);
fail:
	tb_diag_rewind(r->ctx, &mark); /* a missing sheet is not an error: it is made again */
	tb_buf_free(&b);
	return NULL;
}

/* Were the sheets on disk made from the summary data with this digest, and are they still
 * the bytes written then? Existing is not enough: a damaged sheet is made again. */
static int sheets_fresh(batch_run *r, const char *name, const char *state, const char *xmlhex,
                        int with_docs)
{
	char *now = NULL, *data = NULL;
	size_t len;
	int ok = 0;
	tb_diag_pos mark;

	tb_diag_mark(r->ctx, &mark);
	if (tb_file_exists(state) && tb_file_read(r->ctx, state, 4096, &data, &len) == TB_OK &&
	    (now = sheets_record(r, name, xmlhex, with_docs)))
		ok = !strcmp(data, now);
	tb_diag_rewind(r->ctx, &mark);
	free(data);
	free(now);
	return ok;
}

/* summary/<body>.docx filled from the data in memory and written, and its .pdf laid out from
 * the filled trees themselves (tb_fill_render_mem_both): one fill, and the filled document is
 * not parsed again. With 50 applicants to an office, its document.xml is 830 KB, and parsed
 * again it took 10 MB of libxml2 nodes on top of the batch's peak (at 1,000 applicants the
 * peak is here, on the calling thread, after the workers). */
static tb_status make_sheets(batch_run *r, const char *tpl, const char *xml, const char *docx,
                             const char *pdf)
{
	tb_fill_options fo = TB_FILL_OPTIONS_INIT;
	tb_buf doc = TB_BUF_INIT;
	tb_writer w = tb_writer_buf(&doc);
	tb_file_writer *fw = NULL;
	char *tbytes = NULL, *data = NULL;
	size_t tlen = 0, dlen = 0;
	tb_status st;

	if ((st = tb_file_read(r->ctx, tpl, PACK_MAX_FILE_BYTES, &tbytes, &tlen)) == TB_OK &&
	    (st = tb_file_read(r->ctx, xml, PACK_MAX_FILE_BYTES, &data, &dlen)) == TB_OK &&
	    (st = tb_file_writer_open(r->ctx, pdf, &fw)) == TB_OK) {
		st = tb_fill_render_mem_both(r->ctx, tpl, tbytes, tlen, xml, data, dlen, &w,
		                             tb_file_writer_get(fw), &fo, NULL);
		if (st == TB_OK)
			st = tb_file_write_atomic(r->ctx, docx, doc.data, doc.len);
		st = tb_file_writer_finish(fw, st);
	}
	free(tbytes);
	free(data);
	tb_buf_free(&doc);
	return st;
}

/* The 推荐汇总表 itself: summary/<body>.docx and .pdf filled from its .xml with the program's
 * "summary-sheet" template (a program without one gets no .docx/.pdf), and .xlsx. */
static tb_status summary_sheets(batch_run *r, size_t body, const char *name, const char *xmlhex,
                                tb_buf *sums)
{
	const char *tpl = tb_program_template(tb_rank_program(r->rank), "summary-sheet", "docx");
	char hex[TB_DIGEST_HEX_MAX], *rel = rel_path(".state/summary-%s%s", name, ".txt");
	char *state = rel ? tb_path_join(r->out, rel) : NULL, *xml = NULL;
	tb_status st = TB_OK;
	size_t k;
	int fresh;

	free(rel);
	rel = rel_path("summary/%s.%s", name, "xml");
	xml = rel ? tb_path_join(r->out, rel) : NULL;
	free(rel);
	if (!state || !xml) {
		free(state);
		free(xml);
		return TB_ENOMEM;
	}
	/* Rendering is the slow part: skip it when the sheets on disk were made from this very
	 * data (its digest is recorded in .state after all of them were written). */
	fresh = sheets_fresh(r, name, state, xmlhex, tpl != NULL);
	if (!fresh && tpl) {
		char *rd = rel_path("summary/%s.%s", name, "docx"), *rp = rel_path("summary/%s.%s", name, "pdf");
		char *pd = rd ? tb_path_join(r->out, rd) : NULL, *pp = rp ? tb_path_join(r->out, rp) : NULL;
		st = pd && pp ? make_sheets(r, tpl, xml, pd, pp) : TB_ENOMEM;
		free(rd);
		free(rp);
		free(pd);
		free(pp);
	}
	for (k = 0; st == TB_OK && k < NSHEETS; k++) {
		char *path;
		rel = rel_path("summary/%s.%s", name, sheet_exts[k]);
		path = rel ? tb_path_join(r->out, rel) : NULL;
		if (!path) {
			free(rel);
			st = TB_ENOMEM;
			break;
		}
		if (k < 2 && !tpl) {
			unlink(path);
			free(path);
			free(rel);
			continue;
		}
		if (!fresh && k == 2)
			st = tb_rank_write_xlsx(r->ctx, r->rank, body, path);
		if (st == TB_OK && (st = tb_digest_file(r->ctx, TB_SHA256, path, hex)) == TB_OK &&
		    tb_buf_printf(sums, "%s  %s\n", hex, rel))
			st = TB_ENOMEM;
		free(path);
		free(rel);
	}
	if (st == TB_OK && !fresh) {
		char *rec = sheets_record(r, name, xmlhex, tpl != NULL);
		if (rec)
			st = tb_file_write_atomic(r->ctx, state, rec, strlen(rec));
		else {
			tb_error(r->ctx, "io.read", state, 0, 0, NULL,
			         N_("the summary sheets just written cannot be read back"));
			st = TB_EIO;
		}
		free(rec);
	}
	free(state);
	free(xml);
	return st;
}

tb_status batch_write_outputs(batch_run *r)
{
	tb_buf b = TB_BUF_INIT, sums = TB_BUF_INIT;
	size_t nb = tb_rank_body_count(r->rank), i;
	char **names = calloc(nb + 1, sizeof *names);
	tb_status st = names ? TB_OK : TB_ENOMEM;

	/* The summary data names each applicant's package (the ranking is shared by both). */
	for (i = 0; st == TB_OK && i < r->n; i++) {
		const batch_item *it = &r->items[i];
		char *rel;
		if ((it->state != APP_BUILT && it->state != APP_UNCHANGED) || !it->ranked)
			continue;
		rel = rel_path("packages/%s%s", it->pkgid, ".zip");
		st = rel ? tb_rank_set_package(r->rank, it->rank_index, rel) : TB_ENOMEM;
		free(rel);
	}
	for (i = 0; st == TB_OK && i < nb; i++)
		if (!(names[i] = sheet_name(r->rank, i)))
			st = TB_ENOMEM;
	if (st != TB_OK)
		goto done;
	prune_summaries(r, names, nb);
	if ((st = manifest_xml(r, names, &b)) ||
	    (st = write_and_sum(r, "batch-manifest.xml", b.data, b.len, &sums)))
		goto done;
	for (i = 0; st == TB_OK && i < r->n; i++) {
		const batch_item *it = &r->items[i];
		if (it->state == APP_BUILT || it->state == APP_UNCHANGED)
			if (tb_buf_printf(&sums, "%s  packages/%s.zip\n", it->sha256, it->pkgid))
				st = TB_ENOMEM;
	}
	for (i = 0; st == TB_OK && i < nb; i++) {
		char *data = NULL, *rel = rel_path("summary/%s.%s", names[i], "xml");
		char hex[TB_DIGEST_HEX_MAX];
		size_t len = 0;
		st = rel ? tb_rank_body_xml(r->rank, i, &data, &len) : TB_ENOMEM;
		if (st == TB_OK)
			st = write_and_sum(r, rel, data, len, &sums);
		if (st == TB_OK)
			st = tb_digest_mem(TB_SHA256, data, len, hex);
		if (st == TB_OK)
			st = summary_sheets(r, i, names[i], hex, &sums);
		free(data);
		free(rel);
	}
	if (st == TB_OK) {
		char *path = tb_path_join(r->out, PACK_CHECKSUMS);
		st = path ? write_if_changed(r->ctx, path, sums.data ? sums.data : "", sums.len)
		          : TB_ENOMEM;
		free(path);
	}
done:
	for (i = 0; names && i < nb; i++)
		free(names[i]);
	free(names);
	tb_buf_free(&b);
	tb_buf_free(&sums);
	return st;
}
