/* evload.c: the seam between packaging and the evidence loader, programs and scoring: the
 * evidence is validated by tb_evidence_load (every error stops the package), the program
 * supplies year, title, quota and target labels, and scoring the counted points. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/xml.h"
#include "core/i18n.h"
#include "data/evidence.h"
#include "pack/app.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_score.h"

static tb_status program_facts(pack_app *a, const tb_evidence *e)
{
	const tb_program *p = tb_evidence_program(e);
	tb_buf t = TB_BUF_INIT;
	size_t i;

	a->year = p ? tb_program_year(p) : 0;
	if (!a->year && a->date)
		a->year = atoi(a->date);
	a->program_title = strdup(p && tb_program_title(p) ? tb_program_title(p) : "");
	a->quota = p && a->kind ? tb_program_quota_for(p, a->kind) : 0;
	for (i = 0; p && i < tb_program_quota_count(p); i++)
		if (a->kind && !strcmp(tb_program_quota_kind(p, i), a->kind))
			a->kind_label = strdup(tb_program_quota_label(p, i));
	if (!a->kind_label)
		a->kind_label = strdup(a->kind ? a->kind : "");
	for (i = 0; p && i < tb_program_target_count(p); i++)
		if (tb_evidence_has_target(e, tb_program_target_id(p, i)) &&
		    tb_buf_printf(&t, "%s%s", t.len ? "、" : "", tb_program_target_label(p, i))) {
			tb_buf_free(&t);
			return TB_ENOMEM;
		}
	a->targets = t.data ? tb_buf_detach(&t, NULL) : strdup("");
	if (!a->program_title || !a->kind_label || !a->targets)
		return TB_ENOMEM;
	return TB_OK;
}

tb_status pack_app_from_evidence(tb_ctx *ctx, pack_app *a, const tb_evidence *e)
{
	const char *kind = tb_evidence_recommender_kind(e);
	tb_status st;
	free(a->kind);
	if (!(a->kind = strdup(kind ? kind : "")))
		return TB_ENOMEM;
	st = pack_app_read_fields(ctx, a, tb_evidence_doc(e));
	return st == TB_OK ? program_facts(a, e) : st;
}

tb_status pack_app_validate(tb_ctx *ctx, pack_app *a, pack_scored_fn hook, void *user)
{
	tb_evidence_options opts = TB_EVIDENCE_OPTIONS_INIT;
	size_t before = tb_diag_count_severity(ctx, TB_SEV_ERROR);
	tb_evidence *e = NULL;
	tb_score *s = NULL;
	char *data = NULL;
	size_t len = 0;
	tb_status st;

	opts.check_attachments = 1;
	/* Read once: the digest is of exactly the bytes validated here. */
	st = tb_file_read(ctx, a->evidence_path, TB_XML_MAX_BYTES, &data, &len);
	if (st == TB_OK)
		st = tb_digest_mem(TB_SHA256, data, len, a->evidence_sha256);
	if (st == TB_OK)
		st = tb_evidence_load_mem(ctx, a->evidence_path, data, len, &opts, &e);
	free(data);
	if (e && !tb_evidence_program(e)) {
		tb_error(ctx, "program.unknown", a->evidence_path, 0, 0,
		         N_("run 'tianbiao programs' to see the installed ones"),
		         N_("the evidence names a program that is not installed"));
		st = TB_ERROR;
	}
	/* Scoring's findings are errors like the validator's (one verdict): they are kept. A
	 * score that cannot be computed stops the applicant; nothing replaces it. */
	if (e && tb_evidence_program(e)) {
		tb_status ss = tb_score_compute(ctx, e, NULL, &s);
		if (ss != TB_OK && st == TB_OK)
			st = ss;
	}
	if (s) {
		size_t errors = tb_diag_count_severity(ctx, TB_SEV_ERROR) - before;
		a->claimed = tb_score_total(s);
		if (hook) {
			tb_status hs = hook(user, ctx, s, errors);
			if (hs != TB_OK)
				st = hs;
		}
		if (errors && st == TB_OK)
			st = TB_ERROR;
	}
	if (st == TB_OK && tb_diag_count_severity(ctx, TB_SEV_ERROR) > before)
		st = TB_ERROR;
	if (st == TB_OK)
		st = pack_app_from_evidence(ctx, a, e);
	tb_score_free(s);
	tb_evidence_free(e);
	return st;
}
