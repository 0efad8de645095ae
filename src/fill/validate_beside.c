/* validate_beside.c: the evidence's validation on the helper thread (core/helper.h), beside
 * the fill, for a context that makes one document (a command-line fill to PDF). It takes 3-4
 * of the 20 ms a fresh fill spends after start-up, and nothing the fill does depends on it:
 * only whether the result may be kept does. It runs in a context of its own (a context is
 * one thread's); its findings are recorded where they would have been had it run in place. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/diag_list.h"
#include "core/helper.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "data/evidence.h"
#include "fill/fill_int.h"

struct fill_validation {
	tb_helper_job *job;
	tb_ctx *own;
	char *name, *bytes;
	size_t len;
	tb_i18n_choice lang;
	tb_diag_pos mark; /* the caller's findings when it started */
	tb_status st;
};

static size_t started; /* for the tests */

size_t fill_validations_beside(void)
{
	return __atomic_load_n(&started, __ATOMIC_RELAXED);
}

static void run(void *arg)
{
	fill_validation *v = arg;
	tb_evidence *e = NULL;
	static const tb_i18n_choice process_wide = {0, NULL};
	tb_i18n_thread_adopt(v->lang);
	v->st = tb_evidence_load_mem(v->own, v->name, v->bytes, v->len, NULL, &e);
	tb_evidence_free(e);
	tb_i18n_thread_adopt(process_wide);
}

static void release(fill_validation *v)
{
	tb_ctx_free(v->own);
	free(v->name);
	free(v->bytes);
	free(v);
}

fill_validation *fill_validation_start(tb_ctx *ctx, const char *name, const char *bytes, size_t len)
{
	fill_validation *v;
	/* a side list (an evidence file's own findings) would miss the ones recorded later */
	if (*tb_ctx_capture(ctx) || !(v = calloc(1, sizeof *v)))
		return NULL;
	v->len = len;
	if (tb_ctx_new_like(ctx, &v->own) != TB_OK || !(v->name = strdup(name)) ||
	    !(v->bytes = malloc(len ? len : 1))) {
		release(v);
		return NULL;
	}
	memcpy(v->bytes, bytes, len);
	tb_ctx_set_one_document(v->own, 1);
	v->lang = tb_i18n_thread_choice();
	tb_diag_mark(ctx, &v->mark);
	tb_xml_init_threads(); /* libxml2's globals (schema types) before two threads use it */
	if (!(v->job = tb_helper_post(run, v))) {
		release(v);
		return NULL;
	}
	__atomic_add_fetch(&started, 1, __ATOMIC_RELAXED);
	return v;
}

tb_status fill_validation_finish(tb_ctx *ctx, fill_validation *v, tb_status st)
{
	tb_diag_saved *found;
	tb_status vst;
	if (!v)
		return st;
	tb_helper_join(v->job);
	vst = v->st;
	found = tb_diag_save(v->own);
	if (vst != TB_OK) {
		/* in place, the fill would not have run: nothing it found counts */
		tb_diag_rewind(ctx, &v->mark);
		(void)tb_diag_restore(ctx, found);
		st = vst;
	} else if (tb_diag_restore_at(ctx, v->mark.kept, found) != TB_OK && st == TB_OK) {
		st = TB_ENOMEM;
	}
	release(v);
	return st;
}

void fill_validation_discard(fill_validation *v)
{
	if (v) {
		tb_helper_join(v->job);
		release(v);
	}
}
