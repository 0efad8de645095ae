/* cmd_render.c: tianbiao render IN.docx|IN.odt -o OUT [options] */
#include <libintl.h>
#include <string.h>

#include "cli/cli.h"

#define _(s) dgettext("tianbiao", s)

static void render_usage(FILE *out)
{
	fprintf(out, _("Usage: tianbiao render IN.docx|IN.odt -o OUT [OPTIONS]\n\n"
	               "Render a filled document to PDF with embedded fonts and empty signature\n"
	               "fields over its seal places, or to another output format.\n\n"
	               "Options:\n"
	               "  -o, --output FILE   the file to write (required); its extension chooses\n"
	               "                      the format unless --to does\n"
	               "  --to FORMAT         the output format (see below; default: by extension,\n"
	               "                      else pdf)\n"
	               "  --dpi N             raster formats: pixels per inch (default 96)\n"
	               "  --page N            raster formats: the page to draw (default 1)\n"
	               "  --pdfa              write PDF/A-1b\n"
	               "  --strict            report every element outside the supported scope;\n"
	               "                      exit 1 if there is any\n"
	               "  --trace FILE        also write a text trace of what was placed where\n"
	               "  --font-map FILE     use this font map instead of fonts/fontmap.xml\n"
	               "  --title TEXT, --author TEXT, --subject TEXT, --keywords TEXT\n"
	               "                      document metadata (default: the document's own)\n"
	               "  --format text|json  how diagnostics are printed (default text)\n"));
	fputs(_("  --allow-missing-glyphs  leave out (with a warning) characters no installed\n"
	        "                      font has, instead of stopping with font.missing-glyph\n\n"), out);
	tb_cli_print_formats(out);
}

/* The value of an option that takes one, or NULL after printing a usage error. */
static const char *value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		tb_cli_usage_error("render", _("%s needs a value"), argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

int tb_cmd_render(tb_ctx *ctx, int argc, char **argv)
{
	tb_render_options o = TB_RENDER_OPTIONS_INIT;
	tb_out_format fmt = TB_OUT_TEXT;
	const char *in = NULL, *out = NULL;
	tb_status st;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			render_usage(stdout);
			return TB_EXIT_OK;
		} else if (!strcmp(a, "--pdfa")) {
			o.pdfa = 1;
		} else if (!strcmp(a, "--strict")) {
			o.strict = 1;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			slot = &out;
		} else if (!strcmp(a, "--trace")) {
			slot = &o.trace_path;
		} else if (!strcmp(a, "--font-map")) {
			slot = &o.font_map;
		} else if (!strcmp(a, "--allow-missing-glyphs")) {
			tb_render_set_allow_missing_glyphs(ctx, 1);
		} else if (!strcmp(a, "--title")) {
			slot = &o.title;
		} else if (!strcmp(a, "--author")) {
			slot = &o.author;
		} else if (!strcmp(a, "--subject")) {
			slot = &o.subject;
		} else if (!strcmp(a, "--keywords")) {
			slot = &o.keywords;
		} else if (!strcmp(a, "--to") || !strcmp(a, "--dpi") || !strcmp(a, "--page")) {
			const char *v = value(argc, argv, &i);
			if (!v || tb_cli_render_opt("render", a + 2, v, &o) != 0)
				return TB_EXIT_USAGE;
		} else if (!strcmp(a, "--format")) {
			const char *v = value(argc, argv, &i);
			if (!v || tb_cli_parse_format(v, &fmt) != 0)
				return TB_EXIT_USAGE;
		} else if (a[0] == '-' && a[1]) {
			tb_cli_usage_error("render", _("unknown option %s"), a);
			return TB_EXIT_USAGE;
		} else if (!in) {
			in = a;
		} else {
			tb_cli_usage_error("render", _("one input document only"));
			return TB_EXIT_USAGE;
		}
		if (slot && !(*slot = value(argc, argv, &i)))
			return TB_EXIT_USAGE;
	}
	if (!in || !out) {
		tb_cli_usage_error("render", _("an input document and -o OUT are required"));
		return TB_EXIT_USAGE;
	}
	if (tb_cli_out_is_dir(out) || tb_cli_same_file(out, in) || (o.trace_path && tb_cli_same_file(o.trace_path, in)))
		return TB_EXIT_USAGE;
	/* The trace and the PDF are both written atomically: one would silently replace the other. */
	if (o.trace_path && !strcmp(o.trace_path, out)) {
		tb_cli_usage_error("render", _("--trace and -o name the same file"));
		return TB_EXIT_USAGE;
	}
	tb_cli_temps_die_with_signal();
	tb_render_prefetch_fonts(); /* while the document is read */
	st = tb_render_file(ctx, in, out, &o);
	tb_cli_print_diags(ctx, fmt);
	if (st == TB_OK && o.strict && tb_diag_count_severity(ctx, TB_SEV_WARNING) > 0) {
		size_t k;
		/* Content outside the model or not drawn (pictures, objects, notes): an error. */
		for (k = 0; k < tb_diag_count(ctx); k++) {
			const char *code = tb_diag_get(ctx, k)->code;
			if (!strncmp(code, "layout.", 7) || !strcmp(code, "pdf.image"))
				return TB_EXIT_INVALID;
		}
	}
	return tb_cli_exit_for(st);
}
