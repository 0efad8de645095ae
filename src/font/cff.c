/* cff.c: what a PDF needs from a face's CFF table: whether the font is CID-keyed, the CID of
 * each glyph (its charset) and its Registry-Ordering-Supplement. A PDF names CFF glyphs by
 * CID (ISO 32000-1, 9.7.4.2), and HarfBuzz's subsets keep the original CIDs, so the codes a
 * content stream shows are these CIDs, whatever glyph ids the subset gives the glyphs. Read
 * when the face is opened; anything malformed leaves the face treated as name-keyed (CID = glyph id). */
#include <stdlib.h>
#include <string.h>

#include "font/cff_read.h"
#include "font/font_impl.h"

static unsigned get16(const unsigned char *p) { return (unsigned)cff_get(p, 2); }

/* The Top DICT operators we need: ROS (12 30), charset (15), CharStrings (17). A malformed
 * entry ends the reading with what was found before it. */
typedef struct top {
	long ros[3];
	bool has_ros;
	long charset, charstrings;
} top;

static void parse_top(cff_span d, top *t)
{
	cff_entry e;
	size_t i = 0;
	t->charset = 0;
	t->charstrings = -1;
	t->has_ros = false;
	t->ros[0] = t->ros[1] = t->ros[2] = 0; /* read only with has_ros; -O2 cannot tell */
	while (cff_dict_next(d, &i, &e) == 1) {
		if (e.op == 1230 && e.n >= 3) {
			t->ros[0] = e.v[0];
			t->ros[1] = e.v[1];
			t->ros[2] = e.v[2];
			t->has_ros = true;
		} else if (e.op == 15 && e.n >= 1) {
			t->charset = e.v[2];
		} else if (e.op == 17 && e.n >= 1) {
			t->charstrings = e.v[2];
		}
	}
}

static void sid_string(cff_span t, const cff_index *strings, long sid, char *out, size_t cap,
                       const char *dflt)
{
	cff_span s;
	snprintf(out, cap, "%s", dflt);
	if (sid < 391 || cff_index_item(t, strings, (unsigned)(sid - 391), &s) != 0)
		return;
	if (s.len >= cap)
		s.len = cap - 1;
	memcpy(out, s.p, s.len);
	out[s.len] = '\0';
}

/* Fill face->gid_cid from the charset at `off` (formats 0, 1, 2). */
static int read_charset(cff_span t, long off, tb_face *face)
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
	cff_span t, topd;
	cff_index name, topi, strings;
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
	/* header, Name INDEX, Top DICT INDEX, String INDEX */
	if (t.len < 4 || t.p[0] != 1 || t.p[2] >= t.len || cff_index_read(t, t.p[2], &name) != 0 ||
	    cff_index_read(t, name.end, &topi) != 0 || topi.count < 1 ||
	    cff_index_item(t, &topi, 0, &topd) != 0 || cff_index_read(t, topi.end, &strings) != 0)
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
	sid_string(t, &strings, tp.ros[0], face->registry, sizeof face->registry, "Adobe");
	sid_string(t, &strings, tp.ros[1], face->ordering, sizeof face->ordering, "Identity");
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
