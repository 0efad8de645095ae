/* pdf_save.c: writes the document libharu holds as a file, in memory. libharu 2.3.0's own
 * writer (HPDF_SaveToFile) has one layout: every object on its own with a classic
 * cross-reference table, a separate object for each stream's /Length, and zlib at its
 * default level. This writer walks the same objects and:
 *
 *  - renumbers them in order, leaving the /Length objects out (lengths are written direct);
 *  - deflates every Flate stream with libdeflate (smaller and faster than zlib's default);
 *    JPEG images stay their own bytes (/DCTDecode);
 *  - without PDF/A: writes PDF 1.5, with the objects that are not streams packed into one
 *    deflated object stream and a cross-reference stream instead of the table;
 *  - with PDF/A-1 (based on PDF 1.4, which has neither): a classic table, %PDF-1.4.
 *
 * Dictionaries are written by libharu's own serializer (HPDF_Obj_WriteValue), so values look
 * as they always did; only stream dictionaries are written here, for /Length and /Filter. */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "core/deflate.h"
#include "core/digest.h"
#include "render/hpdf_internal.h"
#include "render/pdf_priv.h"

/* Images (and font programs, when the device has not deflated them: pdf_priv.h): level 9, not
 * libdeflate's strongest (12): 12 made PDFs only 1.0% smaller (附件2 184,759 -> 186,586
 * bytes, the report 351,408 -> 355,479) for 16 ms more CPU per document, a third of a
 * mail-merged PDF's time (bench/throughput.py, issue 16). Forms filled from data seldom hold
 * images, so that compressor is made when the first one comes and let go with the PDF: kept
 * with the context, its 672 KB of tables stayed in every batch worker's peak. Page contents,
 * forms, ToUnicode maps and the object and cross-reference streams: level 1, the context's
 * one compressor (200 KB; from level 2 up they take 672 KB each). On 附件2's 45 KB of them
 * libdeflate takes 0.33 ms at level 6 (22.0%), 0.15 ms at 4 (23.3%), 0.08 ms at 1 (24.5%).
 * Level 1 for these, small font programs and package members, against 4: a batch worker's
 * peak 0.6 MB lower, a mail merge's instructions 1.9% fewer, PDFs 0.2% and packages 0.45%
 * larger. */
#define DEFLATE_LEVEL TB_PDF_DEFLATE_LEVEL
#define DEFLATE_LEVEL_TEXT 1

typedef struct saver {
	HPDF_Doc pdf;
	const tb_pdf_fontset *fonts;
	tb_buf *out;
	const tb_pdf_own *own; /* the pages' operators kept by the device */
	size_t nown;
	const char *own_bytes;
	struct libdeflate_compressor *z;     /* images, font programs: made on first use, owned */
	struct libdeflate_compressor *ztext; /* everything else: operators, maps, objects */
	int compress;
	HPDF_Stream s;   /* libharu stream writing into `out` */
	tb_buf body;     /* the object stream's body */
	HPDF_Stream bs;  /* libharu stream writing into `body` */
	void **lengths;  /* the /Length objects, sorted by address */
	size_t nlengths;
	unsigned *off;   /* per new object number: byte offset, or index in the object stream */
	unsigned char *kind; /* 1: at an offset, 2: in the object stream */
	unsigned nobj;   /* objects numbered 1..nobj-1 */
	tb_status st;
} saver;

static HPDF_STATUS buf_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	return tb_buf_put((tb_buf *)s->attr, p, n) == TB_OK ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
}

/* A write-only libharu stream over a tb_buf, so HPDF_Obj_WriteValue can serialize into it. */
static HPDF_Stream buf_stream(HPDF_Doc pdf, tb_buf *b)
{
	HPDF_Stream s = HPDF_GetMem(pdf->mmgr, sizeof *s);
	if (!s)
		return NULL;
	memset(s, 0, sizeof *s);
	s->sig_bytes = HPDF_STREAM_SIG_BYTES;
	s->type = HPDF_STREAM_CALLBACK;
	s->mmgr = pdf->mmgr;
	s->error = &pdf->error;
	s->write_fn = buf_write;
	s->attr = b;
	return s;
}

static int by_addr(const void *a, const void *b)
{
	const char *x = *(void *const *)a, *y = *(void *const *)b;
	return x < y ? -1 : x > y;
}

static bool is_length(const saver *w, void *obj)
{
	return w->nlengths && bsearch(&obj, w->lengths, w->nlengths, sizeof *w->lengths, by_addr);
}

static HPDF_XrefEntry entry(const saver *w, unsigned i)
{
	return (HPDF_XrefEntry)HPDF_List_ItemAt(w->pdf->xref->entries, i);
}

static bool is_stream(void *obj)
{
	HPDF_Obj_Header *h = obj;
	return (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && ((HPDF_Dict)obj)->stream;
}

static unsigned id_of(void *obj)
{
	return ((HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* Find the /Length objects, run the before-write hooks (they may still add entries), and
 * number the remaining objects 1, 2, ... in libharu's order. */
static tb_status prepare(saver *w)
{
	HPDF_Xref x = w->pdf->xref;
	unsigned i, id = 1;
	for (i = 1; i < x->entries->count; i++) {
		void *obj = entry(w, i)->obj;
		HPDF_Obj_Header *h = obj;
		if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && ((HPDF_Dict)obj)->before_write_fn &&
		    ((HPDF_Dict)obj)->before_write_fn(obj) != HPDF_OK)
			return TB_ERROR;
	}
	w->lengths = calloc(x->entries->count, sizeof *w->lengths);
	w->off = calloc(x->entries->count + 2, sizeof *w->off);
	w->kind = calloc(x->entries->count + 2, 1);
	if (!w->lengths || !w->off || !w->kind)
		return TB_ENOMEM;
	for (i = 1; i < x->entries->count; i++) {
		void *obj = entry(w, i)->obj;
		if (is_stream(obj)) {
			void *len = HPDF_Dict_GetItem(obj, "Length", HPDF_OCLASS_NUMBER);
			if (len)
				w->lengths[w->nlengths++] = len;
		}
	}
	qsort(w->lengths, w->nlengths, sizeof *w->lengths, by_addr);
	for (i = 1; i < x->entries->count; i++) {
		HPDF_Obj_Header *h = entry(w, i)->obj;
		if (is_length(w, h))
			continue;
		h->obj_id = (h->obj_id & 0xFF000000u) | id++;
	}
	w->nobj = id;
	return TB_OK;
}

static void puts_(saver *w, const char *s)
{
	if (HPDF_Stream_WriteStr(w->s, s) != HPDF_OK)
		w->st = TB_ENOMEM;
}

/* One stream object: its dictionary without libharu's /Length and /Filter, then ours, and
 * its bytes. */
static void put_stream(saver *w, HPDF_Dict d, const unsigned char *data, size_t len,
                       const char *filter)
{
	char tmp[64];
	size_t i;
	w->off[id_of(d)] = (unsigned)w->out->len;
	w->kind[id_of(d)] = 1;
	snprintf(tmp, sizeof tmp, "%u 0 obj\n<<", id_of(d));
	puts_(w, tmp);
	for (i = 0; i < d->list->count && w->st == TB_OK; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(d->list, (HPDF_UINT)i);
		if (!strcmp(e->key, "Length") || !strcmp(e->key, "Filter"))
			continue;
		if (HPDF_Stream_WriteEscapeName(w->s, e->key) != HPDF_OK ||
		    HPDF_Stream_WriteChar(w->s, ' ') != HPDF_OK ||
		    HPDF_Obj_Write(e->value, w->s, NULL) != HPDF_OK)
			w->st = TB_ERROR;
	}
	if (filter) {
		puts_(w, "/Filter/");
		puts_(w, filter);
	}
	snprintf(tmp, sizeof tmp, "/Length %zu>>stream\n", len);
	puts_(w, tmp);
	if (w->st == TB_OK && len && HPDF_Stream_Write(w->s, data, (HPDF_UINT)len) != HPDF_OK)
		w->st = TB_ENOMEM;
	puts_(w, "\nendstream\nendobj\n");
	if (d->after_write_fn && d->after_write_fn(d) != HPDF_OK)
		w->st = TB_ERROR;
}

/* Images and font programs take the stronger level; a form's appearance is operators. */
static int strong_stream(HPDF_Dict d)
{
	HPDF_Name t = HPDF_Dict_GetItem(d, "Subtype", HPDF_OCLASS_NAME);
	return HPDF_Dict_GetItem(d, "Length1", HPDF_OCLASS_NUMBER) || (t && strcmp(t->value, "Form") != 0);
}

/* A stream of libharu's: deflated here unless it already is (a font program in its face). */
static void write_stream(saver *w, HPDF_Dict d)
{
	unsigned char *raw = NULL, *z = NULL;
	size_t rawlen, zlen = 0, i;
	const unsigned char *data, *src;
	size_t len;
	const char *filter = NULL;
	HPDF_UINT got;

	if (d->filter & TB_PDF_STREAM_DEFLATED) {
		for (i = 0; w->fonts && i < w->fonts->n; i++)
			if (w->fonts->faces[i].file == d && w->fonts->faces[i].z) {
				put_stream(w, d, w->fonts->faces[i].z, w->fonts->faces[i].zlen, "FlateDecode");
				return;
			}
		w->st = TB_ERROR; /* marked deflated, but no face holds its bytes */
		return;
	}
	if (d->filter & TB_PDF_STREAM_OWN) {
		for (i = 0; i < w->nown && w->own[i].dict != d; i++)
			;
		if (i == w->nown) {
			w->st = TB_ERROR; /* marked the device's, but the device holds no bytes for it */
			return;
		}
		src = (const unsigned char *)w->own_bytes + w->own[i].off;
		rawlen = w->own[i].len;
	} else {
		rawlen = HPDF_Stream_Size(d->stream);
		raw = malloc(rawlen + 1);
		if (!raw) {
			w->st = TB_ENOMEM;
			return;
		}
		got = (HPDF_UINT)rawlen;
		if (rawlen && (HPDF_Stream_Seek(d->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
		               (HPDF_Stream_Read(d->stream, raw, &got) != HPDF_OK && got != rawlen))) {
			free(raw);
			w->st = TB_ERROR;
			return;
		}
		src = raw;
	}
	data = src;
	len = rawlen;
	if ((d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) && w->compress && rawlen) {
		struct libdeflate_compressor *zc = w->ztext;
		size_t cap;
		if (strong_stream(d)) {
			if (!w->z && !(w->z = libdeflate_alloc_compressor(DEFLATE_LEVEL))) {
				free(raw);
				w->st = TB_ENOMEM;
				return;
			}
			zc = w->z;
		}
		cap = libdeflate_zlib_compress_bound(zc, rawlen);
		z = malloc(cap);
		if (!z || !(zlen = libdeflate_zlib_compress(zc, src, rawlen, z, cap))) {
			free(raw);
			free(z);
			w->st = TB_ENOMEM;
			return;
		}
		data = z;
		len = zlen;
		filter = "FlateDecode";
	} else if (d->filter & HPDF_STREAM_FILTER_DCT_DECODE) {
		filter = "DCTDecode";
	}
	put_stream(w, d, data, len, filter);
	free(raw);
	free(z);
}

/* A stream object of our own (object stream, cross-reference stream), deflated. */
static void write_own_stream(saver *w, unsigned id, const char *dict, const unsigned char *p,
                             size_t n)
{
	size_t cap = libdeflate_zlib_compress_bound(w->ztext, n), zl = n;
	unsigned char *z = w->compress ? malloc(cap) : NULL;
	char tmp[64];
	if (w->compress && (!z || !(zl = libdeflate_zlib_compress(w->ztext, p, n, z, cap)))) {
		free(z);
		w->st = TB_ENOMEM;
		return;
	}
	w->off[id] = (unsigned)w->out->len;
	w->kind[id] = 1;
	snprintf(tmp, sizeof tmp, "%u 0 obj\n<<", id);
	puts_(w, tmp);
	puts_(w, dict);
	snprintf(tmp, sizeof tmp, "%s/Length %zu>>stream\n", z ? "/Filter/FlateDecode" : "", zl);
	puts_(w, tmp);
	if (w->st == TB_OK && HPDF_Stream_Write(w->s, z ? z : p, (HPDF_UINT)zl) != HPDF_OK)
		w->st = TB_ENOMEM;
	puts_(w, "\nendstream\nendobj\n");
	free(z);
}

static void put_be(unsigned char *p, unsigned long v, int n)
{
	while (n-- > 0) {
		p[n] = (unsigned char)v;
		v >>= 8;
	}
}

/* The file identifier (ISO 32000-1, 14.4): the first 128 bits of a SHA-256 of every byte
 * before the cross-reference section, so the same document gets the same ID and any change
 * to it a new one. (It was a digest of a text dump of the display list: printf of every
 * glyph position cost 7% of a batch.) Upper-case hex into `hex`. */
static tb_status file_id(const tb_buf *out, size_t upto, char hex[TB_DIGEST_HEX_MAX])
{
	size_t i;
	tb_status st = tb_buf_status(out);
	if (st == TB_OK)
		st = tb_digest_mem(TB_SHA256, out->data ? out->data : "", upto, hex);
	if (st != TB_OK)
		return st;
	hex[32] = '\0';
	for (i = 0; i < 32; i++)
		if (hex[i] >= 'a' && hex[i] <= 'f')
			hex[i] = (char)(hex[i] - 'a' + 'A');
	return TB_OK;
}

static void trailer_keys(saver *w, tb_buf *t, const char *id)
{
	tb_buf_printf(t, "/Size %u/Root %u 0 R", w->nobj, id_of(w->pdf->catalog));
	if (w->pdf->info)
		tb_buf_printf(t, "/Info %u 0 R", id_of(w->pdf->info));
	tb_buf_printf(t, "/ID[<%s><%s>]", id, id);
}

tb_status tb_pdf_save(HPDF_Doc pdf, const tb_pdf_save_options *o, tb_buf *out)
{
	saver w;
	HPDF_Xref x = pdf->xref;
	unsigned i, nin = 0;
	tb_buf hdr = TB_BUF_INIT, tk = TB_BUF_INIT;
	char tmp[96], fid[TB_DIGEST_HEX_MAX];

	memset(&w, 0, sizeof w);
	w.pdf = pdf;
	w.out = out;
	w.compress = o->compress;
	w.fonts = o->fonts;
	w.own = o->own;
	w.nown = o->nown;
	w.own_bytes = o->own_bytes;
	w.st = TB_OK;
	tb_buf_init(&w.body, 0);
	w.ztext = tb_deflater(o->ctx, DEFLATE_LEVEL_TEXT);
	w.s = buf_stream(pdf, out);
	w.bs = buf_stream(pdf, &w.body);
	if (!w.ztext || !w.s || !w.bs)
		w.st = TB_ENOMEM;
	if (w.st == TB_OK)
		w.st = prepare(&w);
	if (w.st != TB_OK)
		goto done;
	/* Room for the file at once: its font programs, deflated already, and the other streams
	 * at most as they are, with 64 KiB for the objects. Grown by doubling, a report's 400 KB
	 * were copied twice over. */
	{
		size_t need = (size_t)64 << 10;
		for (i = 0; w.fonts && i < w.fonts->n; i++)
			need += w.fonts->faces[i].z ? w.fonts->faces[i].zlen : w.fonts->faces[i].prog.len;
		for (i = 1; i < x->entries->count; i++) {
			void *obj = entry(&w, i)->obj;
			if (is_stream(obj) && !(((HPDF_Dict)obj)->filter & TB_PDF_STREAM_DEFLATED))
				need += HPDF_Stream_Size(((HPDF_Dict)obj)->stream);
		}
		for (i = 0; i < w.nown; i++)
			need += w.own[i].len;
		w.st = tb_buf_grow(out, need);
		if (w.st != TB_OK)
			goto done;
	}
	/* %PDF-1.x and a comment of four high bytes: the file is binary. */
	puts_(&w, o->pdfa ? "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n" : "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
	for (i = 1; i < x->entries->count && w.st == TB_OK; i++) {
		void *obj = entry(&w, i)->obj;
		if (is_stream(obj))
			write_stream(&w, obj);
	}
	for (i = 1; i < x->entries->count && w.st == TB_OK; i++) {
		void *obj = entry(&w, i)->obj;
		unsigned id = id_of(obj);
		if (is_stream(obj) || is_length(&w, obj))
			continue;
		if (o->pdfa) {
			w.off[id] = (unsigned)out->len;
			w.kind[id] = 1;
			snprintf(tmp, sizeof tmp, "%u 0 obj\n", id);
			puts_(&w, tmp);
			if (HPDF_Obj_WriteValue(obj, w.s, NULL) != HPDF_OK)
				w.st = TB_ERROR;
			puts_(&w, "\nendobj\n");
		} else {
			/* into the object stream: "id offset" pairs first, then the objects */
			w.off[id] = nin++;
			w.kind[id] = 2;
			tb_buf_printf(&hdr, "%u %zu ", id, w.body.len);
			if (HPDF_Obj_WriteValue(obj, w.bs, NULL) != HPDF_OK ||
			    HPDF_Stream_WriteChar(w.bs, '\n') != HPDF_OK)
				w.st = TB_ERROR;
		}
	}
	if (w.st != TB_OK)
		goto done;
	if (o->pdfa) {
		size_t xref_at = out->len;
		if (w.st == TB_OK) /* an object stream cut short must not get an ID and pass */
			w.st = file_id(out, xref_at, fid);
		if (w.st != TB_OK)
			goto done;
		snprintf(tmp, sizeof tmp, "xref\n0 %u\n0000000000 65535 f \n", w.nobj);
		puts_(&w, tmp);
		for (i = 1; i < w.nobj; i++) {
			snprintf(tmp, sizeof tmp, "%010u 00000 n \n", w.off[i]);
			puts_(&w, tmp);
		}
		trailer_keys(&w, &tk, fid);
		puts_(&w, "trailer\n<<");
		puts_(&w, tk.data ? tk.data : "");
		snprintf(tmp, sizeof tmp, ">>\nstartxref\n%zu\n%%%%EOF\n", xref_at);
		puts_(&w, tmp);
	} else {
		unsigned objstm = w.nobj++, xid = w.nobj++;
		size_t first = hdr.len, xref_at;
		unsigned char *rows;
		int ob = 1;
		tb_buf all = TB_BUF_INIT;
		if (nin > 0xFFFF) { /* the index field is two bytes wide */
			w.st = TB_ELIMIT;
			goto done;
		}
		tb_buf_put(&all, hdr.data, hdr.len);
		tb_buf_put(&all, w.body.data, w.body.len);
		snprintf(tmp, sizeof tmp, "/Type/ObjStm/N %u/First %zu", nin, first);
		if (tb_buf_status(&hdr) != TB_OK || tb_buf_status(&w.body) != TB_OK ||
		    tb_buf_status(&all) != TB_OK) {
			tb_buf_free(&all);
			w.st = TB_ENOMEM; /* a short object stream would still parse */
			goto done;
		}
		write_own_stream(&w, objstm, tmp, (const unsigned char *)all.data, all.len);
		tb_buf_free(&all);
		xref_at = out->len;
		if (w.st == TB_OK) /* an object stream cut short must not get an ID and pass */
			w.st = file_id(out, xref_at, fid);
		if (w.st != TB_OK)
			goto done;
		while (ob < 4 && (xref_at >> (8 * ob)) != 0)
			ob++;
		rows = calloc(w.nobj, 1 + (size_t)ob + 2);
		if (!rows) {
			w.st = TB_ENOMEM;
			goto done;
		}
		w.off[xid] = (unsigned)xref_at;
		w.kind[xid] = 1;
		for (i = 0; i < w.nobj; i++) {
			unsigned char *r = rows + (size_t)i * (1 + (size_t)ob + 2);
			if (i == 0) {
				put_be(r + 1 + ob, 0xFFFF, 2); /* type 0: the free list's head */
			} else if (w.kind[i] == 2) {
				r[0] = 2;
				put_be(r + 1, objstm, ob);
				put_be(r + 1 + ob, w.off[i], 2);
			} else {
				r[0] = 1;
				put_be(r + 1, w.off[i], ob);
			}
		}
		tb_buf_printf(&tk, "/Type/XRef/W[1 %d 2]", ob);
		trailer_keys(&w, &tk, fid);
		if (tb_buf_status(&tk) != TB_OK) {
			free(rows);
			w.st = TB_ENOMEM; /* a trailer without /ID or /Info would still parse */
			goto done;
		}
		write_own_stream(&w, xid, tk.data, rows, (size_t)w.nobj * (1 + (size_t)ob + 2));
		free(rows);
		snprintf(tmp, sizeof tmp, "startxref\n%zu\n%%%%EOF\n", xref_at);
		puts_(&w, tmp);
	}
done:
	if (w.st == TB_OK && (tb_buf_status(&hdr) != TB_OK || tb_buf_status(&tk) != TB_OK ||
	                      tb_buf_status(out) != TB_OK))
		w.st = TB_ENOMEM;
	if (w.s)
		HPDF_FreeMem(pdf->mmgr, w.s);
	if (w.bs)
		HPDF_FreeMem(pdf->mmgr, w.bs);
	if (w.z)
		libdeflate_free_compressor(w.z);
	tb_buf_free(&w.body);
	tb_buf_free(&hdr);
	tb_buf_free(&tk);
	free(w.lengths);
	free(w.off);
	free(w.kind);
	return w.st;
}
