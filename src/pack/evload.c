/* evload.c: the seam between packaging and the evidence loader (tb_evidence.h). Until the
 * loader is in this tree, the checks packaging cannot do without are done here: attachments
 * confined to the folder and matching their digests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "pack/app.h"

tb_status pack_app_validate(tb_ctx *ctx, pack_app *a)
{
	tb_status st = TB_OK;
	size_t i;

	for (i = 0; i < a->natts; i++) {
		char *full = NULL;
		tb_path_problem pp = tb_path_confine(a->dir, a->atts[i].path, &full);
		if (pp == TB_PATH_OK && !tb_file_exists(full))
			pp = TB_PATH_MISSING;
		if (pp != TB_PATH_OK) {
			tb_error(ctx, pp == TB_PATH_MISSING ? "attachment.missing" : "attachment.path",
			         a->evidence_path, 0, 0,
			         N_("attachments are files inside the evidence folder"),
			         N_("attachment \"%s\" (%s) cannot be used"), a->atts[i].id, a->atts[i].path);
			st = TB_ERROR;
		}
		free(full);
	}
	if (a->date && strlen(a->date) >= 4)
		a->year = atoi(a->date);
	a->targets = strdup("");
	a->kind_label = strdup(a->kind ? a->kind : "");
	if (!a->targets || !a->kind_label)
		return TB_ENOMEM;
	return st;
}
