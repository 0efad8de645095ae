/* doc_util.c: what both readers share: loading parts, reporting what is out of scope,
 * colours and image headers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "core/strset.h"
#include "core/xml.h"
#include "doc/doc_read.h"

/* One hexadecimal digit's value, or -1. */
int tb_doc_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool tb_doc_parse_hex_color(const char *s, tb_rgb *out)
{
	int i, v[6];
	if (!s)
		return false;
	if (*s == '#')
		s++;
	if (strlen(s) != 6)
		return false;
	for (i = 0; i < 6; i++)
		if ((v[i] = tb_doc_hexval(s[i])) < 0)
			return false;
	out->r = (uint8_t)(v[0] * 16 + v[1]);
	out->g = (uint8_t)(v[2] * 16 + v[3]);
	out->b = (uint8_t)(v[4] * 16 + v[5]);
	return true;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	       (unsigned long)p[3] << 24;
}

int tb_doc_image_kind(const unsigned char *d, size_t n)
{
	if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return TB_IMG_PNG;
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return TB_IMG_JPEG;
	if (n >= 10 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		return TB_IMG_GIF;
	if (n >= 30 && d[0] == 'B' && d[1] == 'M')
		return TB_IMG_BMP;
	if (n >= 8 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
		return TB_IMG_TIFF;
	if (n >= 88 && le32(d) == 1 && !memcmp(d + 40, " EMF", 4))
		return TB_PIC_EMF;
	if (n >= 22 && le32(d) == 0x9AC6CDD7UL)
		return TB_PIC_WMF; /* placeable metafile */
	if (n >= 18 && (le16(d) == 1 || le16(d) == 2) && le16(d + 2) == 9)
		return TB_PIC_WMF;
	return -1;
}

/* Width and height tags (256, 257) of a TIFF's first directory. */
static bool tiff_size(const unsigned char *d, size_t n, unsigned *w, unsigned *h)
{
	bool be = d[0] == 'M';
	unsigned long off, cnt, i;
#define T16(p) (be ? (unsigned)((p)[0] << 8 | (p)[1]) : le16(p))
#define T32(p) (be ? ((unsigned long)(p)[0] << 24 | (unsigned long)(p)[1] << 16 | \
                      (unsigned long)(p)[2] << 8 | (p)[3]) : le32(p))
	off = T32(d + 4);
	if (off < 8 || off + 2 > n)
		return false;
	cnt = T16(d + off);
	*w = *h = 0;
	for (i = 0; i < cnt && off + 2 + i * 12 + 12 <= n; i++) {
		const unsigned char *e = d + off + 2 + i * 12;
		unsigned tag = T16(e), type = T16(e + 2);
		unsigned long v = type == 3 ? T16(e + 8) : T32(e + 8);
		if (tag == 256)
			*w = (unsigned)v;
		else if (tag == 257)
			*h = (unsigned)v;
	}
#undef T16
#undef T32
	return *w && *h;
}

bool tb_doc_image_size(const unsigned char *d, size_t n, unsigned *w, unsigned *h)
{
	size_t i;
	int kind = tb_doc_image_kind(d, n);
	if (kind == TB_IMG_PNG) {
		if (n < 24 || memcmp(d + 12, "IHDR", 4))
			return false;
		*w = (unsigned)d[16] << 24 | (unsigned)d[17] << 16 | (unsigned)d[18] << 8 | d[19];
		*h = (unsigned)d[20] << 24 | (unsigned)d[21] << 16 | (unsigned)d[22] << 8 | d[23];
		return *w && *h;
	}
	if (kind == TB_IMG_GIF) {
		*w = le16(d + 6);
		*h = le16(d + 8);
		return *w && *h;
	}
	if (kind == TB_IMG_BMP) {
		long bw = (long)(int32_t)le32(d + 18), bh = (long)(int32_t)le32(d + 22);
		if (le32(d + 14) == 12) { /* OS/2 core header: 16-bit sizes */
			bw = le16(d + 18);
			bh = le16(d + 20);
		}
		*w = (unsigned)labs(bw);
		*h = (unsigned)labs(bh);
		return *w && *h;
	}
	if (kind == TB_IMG_TIFF)
		return tiff_size(d, n, w, h);
	if (kind != TB_IMG_JPEG)
		return false;
	/* Walk the JPEG segments up to a start-of-frame marker. */
	for (i = 2; i + 9 < n;) {
		unsigned marker, seglen;
		if (d[i] != 0xFF)
			return false;
		marker = d[i + 1];
		if (marker == 0xFF) {
			i++;
			continue;
		}
		seglen = (unsigned)d[i + 2] << 8 | d[i + 3];
		if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
		    marker != 0xCC) {
			*h = (unsigned)d[i + 5] << 8 | d[i + 6];
			*w = (unsigned)d[i + 7] << 8 | d[i + 8];
			return *w && *h;
		}
		if (seglen < 2)
			return false;
		i += 2 + seglen;
	}
	return false;
}

/* Large parts a template carries unchanged into every document (Word's styles.xml of some
 * hundreds of KiB, stylesWithEffects, a theme) are parsed once per process: the readers only
 * read the trees, so one parsed tree (part_store.c) serves every document, in every context,
 * whose part has the same bytes; a context holds references to at most PART_CACHE_SLOTS.
 * Keeping parts from 2 KiB in 16 slots saved 1.4% of a batch's instructions but filled the
 * slots with parts met once, which are never let go: a batch of 1,000 peaked 12 MiB higher.
 *
 * Small parts (settings, numbering, fonts, relationships, content types: a tenth of a mail
 * merge's instructions went to inflating and parsing them for every document) are kept in
 * slots of their own, but only once their stored bytes are met a second time: a part met
 * once (the relationships of a document that got pictures) never takes a slot. */
#define PART_CACHE_MIN ((size_t)16 << 10) /* from this size a part is kept when first met */
#define PART_CACHE_SLOTS 4
#define PART_CACHE_MAX_BYTES ((size_t)4 << 20)
#define PART_SMALL_SLOTS 24
#define PART_SMALL_MAX_BYTES ((size_t)256 << 10)
#define PART_SEEN 32 /* small parts met once, remembered by how they are stored */

typedef struct seen_part {
	uint32_t crc;
	uint64_t size;
	size_t stored_len;
} seen_part;

/* A context's references to kept trees (part_store.c). */
typedef struct part_cache {
	tb_part_ref *e[PART_CACHE_SLOTS + PART_SMALL_SLOTS];
	size_t n, nbig, total, small_total;
	seen_part seen[PART_SEEN];
	size_t nseen; /* written so far (a ring) */
} part_cache;

static const char part_cache_key[] = "doc.part-cache";

static void part_cache_free(void *p)
{
	part_cache *c = p;
	size_t i;
	for (i = 0; i < c->n; i++)
		tb_part_store_release(c->e[i]);
	free(c);
}

static part_cache *part_cache_get(tb_ctx *ctx)
{
	part_cache *c = tb_ctx_cache_get(ctx, part_cache_key);
	if (!c) {
		if (!(c = calloc(1, sizeof *c)))
			return NULL;
		if (tb_ctx_cache_set(ctx, part_cache_key, c, part_cache_free) != TB_OK) {
			free(c);
			return NULL;
		}
	}
	return c;
}

/* Whether the context can hold another kept tree of `len` bytes. */
static bool part_cache_room(const part_cache *c, size_t len)
{
	if (!c)
		return false;
	if (len >= PART_CACHE_MIN)
		return c->nbig < PART_CACHE_SLOTS && c->total + len <= PART_CACHE_MAX_BYTES;
	return c->n - c->nbig < PART_SMALL_SLOTS && c->small_total + len <= PART_SMALL_MAX_BYTES;
}

/* The context holds `e` (a reference the store just gave): its tree, or NULL when the
 * context cannot hold one more (the reference is given back; the caller parses). */
static xmlDocPtr part_cache_hold(tb_ctx *ctx, tb_part_ref *e)
{
	part_cache *c;
	size_t i, len;
	if (!e)
		return NULL;
	c = part_cache_get(ctx);
	for (i = 0; c && i < c->n; i++)
		if (c->e[i] == e) {
			tb_part_store_release(e); /* held already: one reference per context */
			return tb_part_ref_doc(e);
		}
	len = tb_part_ref_len(e);
	if (!part_cache_room(c, len)) {
		tb_part_store_release(e);
		return NULL;
	}
	c->e[c->n++] = e;
	if (len >= PART_CACHE_MIN) {
		c->nbig++;
		c->total += len;
	} else {
		c->small_total += len;
	}
	return tb_part_ref_doc(e);
}

/* A small part stored as `raw`: true when it was met before (then worth keeping); else it
 * is remembered, and false. */
static bool part_seen_again(tb_ctx *ctx, const tb_zip_raw *raw)
{
	part_cache *c = part_cache_get(ctx);
	size_t i;
	if (!c || !raw->data)
		return false;
	for (i = 0; i < PART_SEEN && i < c->nseen; i++)
		if (c->seen[i].crc == raw->crc && c->seen[i].size == raw->size &&
		    c->seen[i].stored_len == raw->len)
			return true;
	c->seen[c->nseen % PART_SEEN] = (seen_part){raw->crc, raw->size, raw->len};
	c->nseen++;
	return false;
}

/* The entry the context holds for `doc`, or NULL. */
static tb_part_ref *part_cache_entry(tb_ctx *ctx, xmlDocPtr doc)
{
	part_cache *c = tb_ctx_cache_get(ctx, part_cache_key);
	size_t i;
	for (i = 0; c && i < c->n; i++)
		if (tb_part_ref_doc(c->e[i]) == doc)
			return c->e[i];
	return NULL;
}

bool tb_doc_part_owned(tb_ctx *ctx, xmlDocPtr doc)
{
	return doc && !part_cache_entry(ctx, doc);
}

void tb_doc_part_free(tb_ctx *ctx, xmlDocPtr doc)
{
	if (!part_cache_entry(ctx, doc))
		tb_xml_free(doc);
}

tb_status tb_doc_load_part(tb_ctx *ctx, tb_zipr *z, const tb_doc_read_options *o,
                           const char *pkg, const char *part, bool required, xmlDocPtr *out)
{
	return tb_doc_load_part_pruned(ctx, z, o, pkg, part, required, NULL, out, NULL);
}

tb_status tb_doc_load_part_pruned(tb_ctx *ctx, tb_zipr *z, const tb_doc_read_options *o,
                                  const char *pkg, const char *part, bool required,
                                  const tb_doc_pruner *pruner, xmlDocPtr *out,
                                  tb_part_ref **partial)
{
	tb_xml_keep_fn keep = NULL;
	void *keep_user = NULL;
	char *cut = NULL;
	size_t cut_len = 0;
	char *data = NULL;
	size_t len = 0;
	tb_zip_raw raw;
	long idx;
	/* A tree cut to this document's styles is kept for later documents only if there are
	 * any: the check that it can be completed for them reads the whole part again. */
	bool partial_ok = pruner && pruner->partial && partial && !tb_ctx_one_document(ctx);
	tb_part_ref *e;
	tb_status st;
	*out = NULL;
	if (partial)
		*partial = NULL;
	memset(&raw, 0, sizeof raw);
	if (o && o->take && (*out = o->take(o->take_user, part)) != NULL) {
		if (xmlDocGetRootElement(*out))
			return TB_OK;
		tb_xml_free(*out);
		*out = NULL;
		return required ? TB_ERROR : TB_OK;
	}
	if ((idx = tb_zipr_find(z, part)) < 0) {
		if (!required)
			return TB_OK;
		tb_error(ctx, "doc.part-missing", pkg, 0, 0,
		         "The package is damaged; save it again from Word or LibreOffice.",
		         "the package has no %s part", part);
		return TB_ERROR;
	}
	/* Stored as a kept part was: that tree (a failed raw read only means inflating). */
	if (tb_zipr_read_raw(z, (size_t)idx, &raw) == TB_OK &&
	    (*out = part_cache_hold(ctx, tb_part_store_find_raw(&raw, partial_ok))) != NULL) {
		free(raw.data);
		e = part_cache_entry(ctx, *out);
		if (partial && tb_part_ref_partial(e))
			*partial = e;
		return TB_OK;
	}
	if ((st = tb_zipr_read(z, (size_t)idx, &data, &len)) != TB_OK) {
		free(raw.data);
		return st;
	}
	if (len >= PART_CACHE_MIN &&
	    (*out = part_cache_hold(ctx, tb_part_store_find(data, len, partial_ok))) != NULL) {
		e = part_cache_entry(ctx, *out);
		tb_part_store_set_raw(e, &raw);
		if (partial && tb_part_ref_partial(e))
			*partial = e;
		free(raw.data);
		free(data);
		return TB_OK; /* only trees with a root element are cached */
	}
	if (pruner && len >= PART_CACHE_MIN)
		keep = pruner->prepare(pruner->user, part, data, len, &cut, &cut_len, &keep_user);
	if (keep) {
		bool keepable;
		st = tb_xml_read_pruned(ctx, part, cut ? cut : data, cut ? cut_len : len, 0, keep,
		                        keep_user, out);
		keepable = st == TB_OK && partial_ok && pruner->partial(keep_user, data, len);
		pruner->done(keep_user);
		free(cut);
		if (st == TB_OK && !xmlDocGetRootElement(*out)) {
			free(data);
			free(raw.data);
			tb_xml_free(*out);
			*out = NULL;
			return required ? TB_ERROR : TB_OK;
		}
		/* Kept for the next documents of these bytes, which complete it on demand: one
		 * small tree instead of the whole part's (Word's styles.xml: 4.8 MB of nodes). */
		if (keepable && part_cache_room(part_cache_get(ctx), len) &&
		    (e = tb_part_store_add(data, len, *out, &raw, true)) != NULL) {
			*out = part_cache_hold(ctx, e); /* held: there was room */
			if (*out && tb_part_ref_partial(e))
				*partial = e;
			return *out ? TB_OK : TB_ENOMEM;
		}
		free(data);
		free(raw.data);
		return st; /* all this document needs, kept for no other */
	}
	st = tb_xml_read(ctx, part, data, len, 0, out);
	if (st == TB_OK && !xmlDocGetRootElement(*out)) {
		free(data);
		free(raw.data);
		tb_xml_free(*out);
		*out = NULL;
		return required ? TB_ERROR : TB_OK;
	}
	if (st == TB_OK && (len >= PART_CACHE_MIN || part_seen_again(ctx, &raw)) &&
	    part_cache_room(part_cache_get(ctx), len)) {
		/* the store takes data, the tree and raw (or gives another context's same tree) */
		if ((e = tb_part_store_add(data, len, *out, &raw, false)) != NULL) {
			*out = part_cache_hold(ctx, e); /* held: there was room */
			return *out ? TB_OK : TB_ENOMEM;
		}
	}
	free(data);
	free(raw.data);
	return st;
}

void tb_doc_unsupported(tb_ctx *ctx, const tb_doc_read_options *o, int *count, const char *pkg,
                        const char *part, xmlNodePtr n)
{
	unsigned line = 0, col = 0;
	if (!o->strict || *count >= 200)
		return;
	(*count)++;
	tb_xml_node_pos(n, &line, &col);
	tb_warn(ctx, "layout.unsupported", part, line, col,
	        "The element is rendered as plain text; simplify the template if its layout matters.",
	        "%s: element <%s%s%s> is outside what the layout engine supports", pkg,
	        n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "",
	        n->ns && n->ns->prefix ? ":" : "", (const char *)n->name);
}

void tb_doc_tracked_deletion(tb_ctx *ctx, const char *pkg, const char *part, xmlNodePtr n,
                             const char *first_text)
{
	unsigned line = 0, col = 0;
	tb_xml_node_pos(n, &line, &col);
	tb_warn(ctx, "layout.tracked-deletion", part, line, col,
	        "Accept or reject the tracked changes in the word processor (Word, WPS or "
	        "LibreOffice: Review, Accept/Reject All) so that what prints is decided.",
	        "%s: text deleted with change tracking (first: \"%s\") is not drawn; the document "
	        "is laid out with its changes accepted (further ones are not reported)",
	        pkg, first_text);
}

tb_status tb_doc_embed_font(tb_ctx *ctx, tb_doc *doc, tb_zipr *z, const char *pkg,
                            const char *part, xmlNodePtr at, const char *family, bool bold,
                            bool italic, const char *target, const unsigned char key[16])
{
	const tb_doc_font *f;
	tb_doc_font *font, **tail;
	uint64_t total = 0, size = 0;
	size_t count = 0, len = 0, i;
	long idx = target ? tb_zipr_find(z, target) : -1;
	unsigned line = 0, col = 0;
	char *data = NULL;
	tb_status st;

	for (f = doc->fonts; f; f = f->next) {
		if (target && !strcmp(f->part, target) && f->bold == bold && f->italic == italic &&
		    !strcmp(f->family, family))
			return TB_OK; /* declared again */
		count++;
		total += f->len;
	}
	/* The fonts together get a budget too: the model has one (TB_DOC_MAX_BYTES). */
	if (idx < 0 || count >= TB_DOC_MAX_FONTS ||
	    (size = tb_zipr_size(z, (size_t)idx)) > TB_DOC_MAX_FONT_BYTES ||
	    total + size > TB_DOC_MAX_FONTS_BYTES) {
		if (at)
			tb_xml_node_pos(at, &line, &col);
		tb_warn(ctx, "doc.font-embedded", part, line, col,
		        N_("Embed the font again in the office program, or install it and name it in fonts/fontmap.xml."),
		        N_("%s: the embedded font '%s' (%s) is missing or past the limits on embedded fonts; the font map's face draws it"),
		        pkg, family, target ? target : "?");
		return TB_OK;
	}
	if ((st = tb_zipr_read(z, (size_t)idx, &data, &len)) != TB_OK)
		return st;
	for (i = 0; key && i < 32 && i < len; i++) /* Word's obfuscation (.odttf) */
		data[i] = (char)((unsigned char)data[i] ^ key[i % 16]);
	font = tb_doc_alloc(doc, sizeof *font);
	if (!font || !(font->data = tb_doc_alloc(doc, len ? len : 1)) ||
	    !(font->family = tb_doc_strdup(doc, family)) || !(font->part = tb_doc_strdup(doc, target))) {
		free(data);
		return TB_ENOMEM;
	}
	memcpy((void *)font->data, data, len);
	free(data);
	font->len = len;
	font->bold = bold;
	font->italic = italic;
	for (tail = &doc->fonts; *tail; tail = &(*tail)->next)
		;
	*tail = font;
	return TB_OK;
}
