/* cff.c: what a PDF needs from a face's CFF table: whether the font is CID-keyed, the CID of
 * each glyph (its charset) and its Registry-Ordering-Supplement. A PDF names CFF glyphs by
 * CID (ISO 32000-1, 9.7.4.2), and HarfBuzz's subsets keep the original CIDs, so the codes a
 * content stream shows are these CIDs, whatever glyph ids the subset gives the glyphs. Read
 * when the face is opened; anything malformed leaves the face treated as name-keyed (CID = glyph id). */
#include <stdlib.h>
#include <string.h>

#include "font/font_impl.h"

typedef struct span {
	const unsigned char *p;
	size_t len;
} span;

static unsigned get16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static unsigned long get_off(const unsigned char *p, unsigned size)
{
	unsigned long v = 0;
	while (size--)
		v = v << 8 | *p++;
	return v;
}

/* An INDEX at *pos: its item count and where item i lies. Returns 0 and advances *pos past
 * the INDEX, -1 if it does not fit in the table. */
static int read_index(span t, size_t *pos, unsigned *count, size_t *data, unsigned *offsize)
{
	size_t at = *pos;
	unsigned long last;
	if (at + 2 > t.len)
		return -1;
	*count = get16(t.p + at);
	if (*count == 0) {
		*pos = at + 2;
		return 0;
	}
	if (at + 3 > t.len)
		return -1;
	*offsize = t.p[at + 2];
	if (*offsize < 1 || *offsize > 4 || at + 3 + (size_t)(*count + 1) * *offsize > t.len)
		return -1;
	*data = at + 3 + (size_t)(*count + 1) * *offsize - 1; /* offsets are 1-based */
	last = get_off(t.p + at + 3 + (size_t)*count * *offsize, *offsize);
	if (last < 1 || *data + last > t.len)
		return -1;
	*pos = *data + last;
	return 0;
}

static int index_item(span t, size_t idx_pos, unsigned i, span *out)
{
	size_t pos = idx_pos, data = 0;
	unsigned count = 0, osz = 0;
	unsigned long a, b;
	if (read_index(t, &pos, &count, &data, &osz) != 0 || i >= count)
		return -1;
	a = get_off(t.p + idx_pos + 3 + (size_t)i * osz, osz);
	b = get_off(t.p + idx_pos + 3 + (size_t)(i + 1) * osz, osz);
	if (a < 1 || b < a || data + b > t.len)
		return -1;
	out->p = t.p + data + a;
	out->len = b - a;
	return 0;
}

/* The Top DICT operators we need: ROS (12 30), charset (15), CharStrings (17). */
typedef struct top {
	long ros[3];
	bool has_ros;
	long charset, charstrings;
} top;

static void parse_top(span d, top *t)
{
	long ops[48];
	int n = 0;
	size_t i = 0;
	t->charset = 0;
	t->charstrings = -1;
	t->has_ros = false;
	t->ros[0] = t->ros[1] = t->ros[2] = 0; /* read only with has_ros; -O2 cannot tell */
	while (i < d.len) {
		unsigned b = d.p[i];
		if (b <= 21) {
			unsigned op = b;
			i++;
			if (b == 12) {
				if (i >= d.len)
					return;
				op = 1200 + d.p[i++];
			}
			if (op == 1230 && n >= 3) {
				t->ros[0] = ops[n - 3];
				t->ros[1] = ops[n - 2];
				t->ros[2] = ops[n - 1];
				t->has_ros = true;
			} else if (op == 15 && n >= 1) {
				t->charset = ops[n - 1];
			} else if (op == 17 && n >= 1) {
				t->charstrings = ops[n - 1];
			}
			n = 0;
			continue;
		}
		if (n == 48)
			return;
		if (b == 28 && i + 2 < d.len) {
			ops[n++] = (short)get16(d.p + i + 1);
			i += 3;
		} else if (b == 29 && i + 4 < d.len) {
			ops[n++] = (long)(int32_t)get_off(d.p + i + 1, 4);
			i += 5;
		} else if (b == 30) { /* a real: skip its nibbles; we need no real operand */
			i++;
			while (i < d.len && (d.p[i] & 0x0F) != 0x0F && (d.p[i] >> 4) != 0x0F)
				i++;
			i++;
			ops[n++] = 0;
		} else if (b >= 32 && b <= 246) {
			ops[n++] = (long)b - 139;
			i++;
		} else if (b >= 247 && b <= 250 && i + 1 < d.len) {
			ops[n++] = ((long)b - 247) * 256 + d.p[i + 1] + 108;
			i += 2;
		} else if (b >= 251 && b <= 254 && i + 1 < d.len) {
			ops[n++] = -((long)b - 251) * 256 - d.p[i + 1] - 108;
			i += 2;
		} else {
			return; /* reserved byte or truncated operand */
		}
	}
}

static void sid_string(span t, size_t strings_pos, long sid, char *out, size_t cap,
                       const char *dflt)
{
	span s;
	snprintf(out, cap, "%s", dflt);
	if (sid < 391 || index_item(t, strings_pos, (unsigned)(sid - 391), &s) != 0)
		return;
	if (s.len >= cap)
		s.len = cap - 1;
	memcpy(out, s.p, s.len);
	out[s.len] = '\0';
}

/* Fill face->gid_cid from the charset at `off` (formats 0, 1, 2). */
static int read_charset(span t, long off, tb_face *face)
{
	unsigned n = face->nglyphs, g = 1;
	size_t at = (size_t)off;
	if (off <= 2 || at >= t.len)
		return -1; /* the predefined charsets are for name-keyed fonts only */
	face->gid_cid = calloc(n ? n : 1, sizeof *face->gid_cid);
	if (!face->gid_cid)
		return -2; /* out of memory: not the same as a charset we cannot read */
	switch (t.p[at++]) {
	case 0:
		for (; g < n; g++, at += 2) {
			if (at + 2 > t.len)
				return -1;
			face->gid_cid[g] = (uint16_t)get16(t.p + at);
		}
		return 0;
	case 1:
	case 2: {
		unsigned wide = t.p[at - 1] == 2;
		while (g < n) {
			unsigned first, left, k;
			if (at + 3 + wide > t.len)
				return -1;
			first = get16(t.p + at);
			left = wide ? get16(t.p + at + 2) : t.p[at + 2];
			at += 3 + wide;
			for (k = 0; k <= left && g < n; k++)
				face->gid_cid[g++] = (uint16_t)(first + k);
		}
		return 0;
	}
	default:
		return -1;
	}
}

bool tb_face_read_cff(tb_face *face)
{
	int rc = 0;
	hb_blob_t *blob;
	span t;
	size_t pos, data = 0, strings_pos;
	unsigned count = 0, osz = 0;
	span topd;
	top tp;

	face->nglyphs = hb_face_get_glyph_count(face->hbface);
	snprintf(face->registry, sizeof face->registry, "Adobe");
	snprintf(face->ordering, sizeof face->ordering, "Identity");
	face->supplement = 0;
	if (!face->cff)
		return true;
	blob = hb_face_reference_table(face->hbface, HB_TAG('C', 'F', 'F', ' '));
	{
		unsigned len = 0;
		t.p = (const unsigned char *)hb_blob_get_data(blob, &len);
		t.len = len;
	}
	if (t.len < 4 || t.p[0] != 1 || t.p[2] >= t.len)
		goto done;
	pos = t.p[2];                                           /* header size */
	if (read_index(t, &pos, &count, &data, &osz) != 0)      /* Name INDEX */
		goto done;
	{
		size_t top_pos = pos;
		if (read_index(t, &pos, &count, &data, &osz) != 0 || count < 1 ||
		    index_item(t, top_pos, 0, &topd) != 0)
			goto done;
	}
	strings_pos = pos;
	if (read_index(t, &pos, &count, &data, &osz) != 0)      /* String INDEX */
		goto done;
	parse_top(topd, &tp);
	if (!tp.has_ros || tp.charset <= 0 || (size_t)tp.charset >= t.len)
		goto done;
	if ((rc = read_charset(t, tp.charset, face)) != 0) {
		free(face->gid_cid);
		face->gid_cid = NULL;
		goto done;
	}
	face->cid_keyed = true;
	sid_string(t, strings_pos, tp.ros[0], face->registry, sizeof face->registry, "Adobe");
	sid_string(t, strings_pos, tp.ros[1], face->ordering, sizeof face->ordering, "Identity");
	face->supplement = (int)tp.ros[2];
done:
	hb_blob_destroy(blob);
	return rc != -2;
}

bool tb_face_is_cff(const tb_face *face) { return face->cff; }

bool tb_face_cid_keyed(const tb_face *face) { return face->cid_keyed; }

unsigned tb_face_cid(const tb_face *face, unsigned gid)
{
	if (!face->cid_keyed || gid >= face->nglyphs)
		return gid;
	return face->gid_cid[gid];
}

void tb_face_ros(const tb_face *face, const char **registry, const char **ordering,
                 int *supplement)
{
	*registry = face->registry;
	*ordering = face->ordering;
	*supplement = face->supplement;
}
