/* lay_fixture.h: lay out a fixture of tests/layout/fixtures on the layout goldens' faces
 * (fontmap-golden.xml): the placement tests measure widths and weights made with those faces. */
#ifndef TB_TEST_LAY_FIXTURE_H
#define TB_TEST_LAY_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include "font/font.h"
#include "layout/layout.h"

static tb_dl_doc *lay(tb_ctx *ctx, const char *name)
{
	char path[4096];
	tb_dl_doc *d = NULL;
	snprintf(path, sizeof(path), "%s/tests/layout/fontmap-golden.xml", getenv("TB_SRC"));
	if (!tb_fonts_map_setting(ctx) && tb_fonts_set_map(ctx, path) != TB_OK)
		return NULL;
	snprintf(path, sizeof(path), "%s/tests/layout/fixtures/%s", getenv("TB_SRC"), name);
	if (tb_layout_document(ctx, path, NULL, &d) != TB_OK)
		tb_diag_print(ctx, stderr);
	return d;
}

#endif
