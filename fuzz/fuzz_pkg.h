/* fuzz_pkg.h: a DOCX around fuzzed WordprocessingML, so the fuzzer mutates the XML itself
 * rather than deflated bytes it cannot reach into. A stored (uncompressed) ZIP with the three
 * parts Word needs, written by hand: nothing here depends on the library under test. */
#ifndef TB_FUZZ_PKG_H
#define TB_FUZZ_PKG_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct fz_zip {
	unsigned char *p;
	size_t len, cap;
	unsigned char central[4096];
	size_t clen;
	unsigned n;
} fz_zip;

static int fz_put(fz_zip *z, const void *d, size_t n)
{
	if (z->len + n > z->cap) {
		size_t cap = (z->len + n) * 2 + 256;
		unsigned char *q = realloc(z->p, cap);
		if (!q)
			return -1;
		z->p = q;
		z->cap = cap;
	}
	memcpy(z->p + z->len, d, n);
	z->len += n;
	return 0;
}

static void fz_le(unsigned char *b, unsigned v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static int fz_entry(fz_zip *z, const char *name, const void *data, size_t len)
{
	unsigned char h[30], c[46];
	size_t nl = strlen(name);
	unsigned crc = (unsigned)crc32(0L, data, (uInt)len), off = (unsigned)z->len;

	if (z->clen + sizeof c + nl > sizeof z->central)
		return -1;
	memset(h, 0, sizeof h);
	fz_le(h, 0x04034b50, 4);
	fz_le(h + 4, 20, 2);
	fz_le(h + 14, crc, 4);
	fz_le(h + 18, (unsigned)len, 4);
	fz_le(h + 22, (unsigned)len, 4);
	fz_le(h + 26, (unsigned)nl, 2);
	memset(c, 0, sizeof c);
	fz_le(c, 0x02014b50, 4);
	fz_le(c + 4, 20, 2);
	fz_le(c + 6, 20, 2);
	fz_le(c + 16, crc, 4);
	fz_le(c + 20, (unsigned)len, 4);
	fz_le(c + 24, (unsigned)len, 4);
	fz_le(c + 28, (unsigned)nl, 2);
	fz_le(c + 42, off, 4);
	memcpy(z->central + z->clen, c, sizeof c);
	memcpy(z->central + z->clen + sizeof c, name, nl);
	z->clen += sizeof c + nl;
	z->n++;
	return fz_put(z, h, sizeof h) || fz_put(z, name, nl) || fz_put(z, data, len) ? -1 : 0;
}

static int fz_finish(fz_zip *z)
{
	unsigned char e[22];
	unsigned off = (unsigned)z->len;
	memset(e, 0, sizeof e);
	fz_le(e, 0x06054b50, 4);
	fz_le(e + 8, z->n, 2);
	fz_le(e + 10, z->n, 2);
	fz_le(e + 12, (unsigned)z->clen, 4);
	fz_le(e + 16, off, 4);
	return fz_put(z, z->central, z->clen) || fz_put(z, e, sizeof e) ? -1 : 0;
}

/* A .docx whose word/document.xml is `xml` (caller frees *out). */
static int fz_docx(const char *xml, size_t len, unsigned char **out, size_t *outlen)
{
	static const char types[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
		"package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/"
		"vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType="
		"\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/"
		"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
		"openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
		"schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target="
		"\"word/document.xml\"/></Relationships>";
	fz_zip z;
	memset(&z, 0, sizeof z);
	if (fz_entry(&z, "[Content_Types].xml", types, sizeof types - 1) ||
	    fz_entry(&z, "_rels/.rels", rels, sizeof rels - 1) ||
	    fz_entry(&z, "word/document.xml", xml, len) || fz_finish(&z)) {
		free(z.p);
		return -1;
	}
	*out = z.p;
	*outlen = z.len;
	return 0;
}

#endif
