/* pdf_pdfa.c: PDF/A-1b: XMP metadata that repeats the Info dictionary (escaped, which
 * libharu's own writer does not do) and an sRGB output intent; pdf_save.c writes PDF 1.4
 * with a classic table, pdf_cidfont.c gives fonts CIDSet and CapHeight. The ICC profile is
 * read at run time: $TIANBIAO_ICC_PROFILE, else Debian's icc-profiles-free (zlib licence) or
 * libgs-common copy; see docs/pdf.md. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "render/pdf_priv.h"

static const char *const icc_candidates[] = {
	"/usr/share/color/icc/sRGB.icc",             /* icc-profiles-free */
	"/usr/share/color/icc/ghostscript/srgb.icc", /* libgs-common */
};

static const char *find_profile(void)
{
	const char *env = getenv("TIANBIAO_ICC_PROFILE");
	size_t i;
	if (env && *env)
		return env;
	for (i = 0; i < sizeof icc_candidates / sizeof icc_candidates[0]; i++)
		if (tb_file_exists(icc_candidates[i]))
			return icc_candidates[i];
	return NULL;
}

static void xmp_text(tb_buf *b, const char *open, const char *s, const char *close)
{
	if (!s || !*s)
		return;
	tb_buf_puts(b, open);
	tb_buf_put_xml(b, s, strlen(s));
	tb_buf_puts(b, close);
}

static tb_status build_xmp(const tb_pdf_meta *m, long long epoch, tb_buf *b)
{
	char date[32] = "";
	if (epoch > 0) {
		time_t t = (time_t)epoch;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	}
	tb_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	               "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	               "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	               "<dc:format>application/pdf</dc:format>\n");
	/* The very strings written to the Info dictionary: the two must agree (PDF/A 6.7.3). */
	xmp_text(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">",
	         m->title, "</rdf:li></rdf:Alt></dc:title>\n");
	xmp_text(b, "<dc:creator><rdf:Seq><rdf:li>", m->author,
	         "</rdf:li></rdf:Seq></dc:creator>\n");
	xmp_text(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
	         m->subject, "</rdf:li></rdf:Alt></dc:description>\n");
	tb_buf_puts(b, "</rdf:Description>\n"
	               "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	xmp_text(b, "<xmp:CreatorTool>", m->creator, "</xmp:CreatorTool>\n");
	xmp_text(b, "<xmp:CreateDate>", date, "</xmp:CreateDate>\n");
	xmp_text(b, "<xmp:ModifyDate>", date, "</xmp:ModifyDate>\n");
	tb_buf_puts(b, "</rdf:Description>\n"
	               "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	xmp_text(b, "<pdf:Producer>", m->producer, "</pdf:Producer>\n");
	xmp_text(b, "<pdf:Keywords>", m->keywords, "</pdf:Keywords>\n");
	tb_buf_puts(b, "</rdf:Description>\n"
	               "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	               "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
	               "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
	return tb_buf_puts(b, "<?xpacket end=\"w\"?>");
}

tb_status tb_pdf_pdfa_apply(tb_ctx *ctx, HPDF_Doc pdf, const tb_pdf_meta *m, long long epoch)
{
	const char *profile = find_profile();
	HPDF_OutputIntent icc;
	tb_buf xmp = TB_BUF_INIT;
	tb_status st;

	if (!profile) {
		tb_error(ctx, "pdf.icc-missing", NULL, 0, 0,
		         N_("Install Debian's icc-profiles-free package or set TIANBIAO_ICC_PROFILE to an sRGB ICC profile."),
		         N_("PDF/A needs an sRGB ICC profile and none was found"));
		return TB_ENOTFOUND;
	}
	icc = HPDF_LoadIccProfileFromFile(pdf, profile, 3);
	if (!icc || HPDF_PDFA_AppendOutputIntents(pdf, "sRGB IEC61966-2.1", icc) != HPDF_OK) {
		tb_error(ctx, "pdf.icc", profile, 0, 0, N_("Point TIANBIAO_ICC_PROFILE at a valid RGB ICC profile."),
		         N_("cannot use this ICC profile"));
		return TB_ERROR;
	}
	st = build_xmp(m, epoch, &xmp);
	if (st == TB_OK && tb_hpdf_add_metadata(pdf, xmp.data, xmp.len) != HPDF_OK)
		st = TB_ERROR;
	tb_buf_free(&xmp);
	return st;
}
