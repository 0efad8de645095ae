/* cff_subset.c: the subset of a CID-keyed CFF face whose charstrings call no subroutines
 * (Fandol), written directly: HarfBuzz spends ~110,000 instructions a glyph on what is here
 * a copy of the glyph's charstring with its hints left out (issue 16). The layout follows
 * HarfBuzz's (NO_HINTING|DESUBROUTINIZE): glyph 0 and the kept glyphs in the order of their
 * ids, the charset giving each its original CID, the FDs used, an empty Global Subr INDEX.
 * Anything else -- subroutines, seac, arithmetic operators, a table that does not read --
 * answers TB_EUNSUPPORTED and subset.c asks HarfBuzz. Every read is bounded by the table.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "font/cff_read.h"
#include "font/font_impl.h"

typedef struct buf {
	unsigned char *p;
	size_t len, cap;
	bool oom;
} buf;

static void put(buf *b, const void *d, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		unsigned char *q;
		while (c < b->len + n)
			c *= 2;
		q = realloc(b->p, c);
		if (!q) {
			b->oom = true;
			return;
		}
		b->p = q;
		b->cap = c;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put1(buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	put(b, &c, 1);
}

static void put_n(buf *b, unsigned long v, unsigned size)
{
	while (size--)
		put1(b, (unsigned)(v >> (8 * size)));
}

/* A DICT integer operand in its 5-byte form, so sizes are known before offsets. */
static void put_int5(buf *b, unsigned long v)
{
	put1(b, 29);
	put_n(b, v, 4);
}

/* Private DICT operators HarfBuzz drops with NO_HINTING: blues, stems, ForceBold,
 * LanguageGroup, ExpansionFactor. */
static bool hint_op(unsigned op)
{
	return (op >= 6 && op <= 11) || op == 1209 || op == 1210 || op == 1211 || op == 1212 ||
	       op == 1213 || op == 1214 || op == 1217 || op == 1218;
}

/* A Type 2 charstring without its hints (hstem, vstem, hintmask and the like), the
 * advance width kept, copied up to its endchar. -1 when it calls a subroutine, uses seac or
 * an operator this copy does not follow, or is truncated. */
static int copy_charstring(cff_span cs, buf *out)
{
	/* arg0, arg1: where the first two operands start (only they can be the width) */
	size_t i = 0, arg0 = 0, arg1 = 0, run = 0; /* run: where the bytes not yet copied start */
	int n = 0;
	unsigned stems = 0;
	bool width_done = false;
	while (i < cs.len) {
		unsigned c = cs.p[i];
		/* operands, most of a charstring's bytes: 32-246 one byte, 247-254 two, 255 five,
		 * 28 three (more than 48 before an operator: refused there) */
		if (c >= 32 || c == 28) {
			size_t len = c < 247 ? (c == 28 ? 3 : 1) : c == 255 ? 5 : 2;
			if (len > cs.len - i)
				return -1;
			if (n < 2) {
				if (n == 0)
					arg0 = i;
				else
					arg1 = i;
			}
			n++;
			i += len;
			continue;
		}
		if (n > 48)
			return -1;
		/* an operator: the operands are cs.p[arg0 .. i) */
		{
			unsigned op = c;
			size_t op_len = 1;
			bool width = false, drop = false;
			if (c == 12) {
				if (i + 1 >= cs.len)
					return -1;
				op = 1200 + cs.p[i + 1];
				op_len = 2;
			}
			switch (op) {
			case 1: case 3: case 18: case 23: /* hstem vstem hstemhm vstemhm */
				width = !width_done && n % 2 == 1;
				stems += (unsigned)n / 2;
				drop = true;
				break;
			case 19: case 20: /* hintmask cntrmask: after an implicit vstem, the mask */
				width = !width_done && n % 2 == 1;
				stems += (unsigned)n / 2;
				op_len += (stems + 7) / 8;
				if (op_len > cs.len - i)
					return -1;
				drop = true;
				break;
			case 21:
				width = !width_done && n > 2;
				break;
			case 4: case 22:
				width = !width_done && n > 1;
				break;
			case 14:
				if (n >= 4)
					return -1; /* seac: a composite of other glyphs */
				width = !width_done && n == 1;
				break;
			case 1200: /* dotsection: a hint */
				drop = true;
				break;
			case 5: case 6: case 7: case 8: case 24: case 25: case 26: case 27: case 30: case 31:
			case 1234: case 1235: case 1236: case 1237:
				break;
			default:
				return -1; /* subroutine calls, arithmetic, reserved */
			}
			if (op == 1 || op == 3 || op == 18 || op == 23 || op == 19 || op == 20 ||
			    op == 21 || op == 4 || op == 22 || op == 14)
				width_done = true;
			/* the bytes kept are copied in runs, up to a hint dropped or endchar */
			if (drop) {
				size_t from = n ? arg0 : i;
				put(out, cs.p + run, from - run);
				if (width)
					put(out, cs.p + arg0, (n > 1 ? arg1 : i) - arg0);
				run = i + op_len;
			}
			i += op_len;
			n = 0;
			if (op == 14) {
				put(out, cs.p + run, i - run);
				return 0;
			}
		}
	}
	return -1; /* no endchar */
}

/* The charstrings copy_charstring made, by glyph id: `at` maps a glyph to where it is kept,
 * block << 16 | offset, a 2-byte length before the charstring. Blocks of 64 KiB, filled in
 * turn: a growing array would be copied as it doubled and leave its old copy as a hole in
 * the heap. Filled after each subset that worked, up to CS_MEMO_MAX bytes (Fandol's glyphs
 * take about 800 bytes each without hints: 1,300 characters); past that, glyphs are parsed
 * as before. One per face of a mapped file, shared by the threads (font_file.c) under `mu`,
 * held while a subset reads or fills it. */
#define CS_MEMO_BLOCK ((size_t)1 << 16)
#define CS_MEMO_MAX ((size_t)1 << 20)
struct tb_cs_memo {
	struct tb_cs_memo *next;
	unsigned index;
	pthread_mutex_t mu;
	hb_map_t *at;
	unsigned char *block[CS_MEMO_MAX / CS_MEMO_BLOCK];
	unsigned nblocks;
	size_t used; /* of the last block */
	uint16_t *gid_cid; /* the face's CIDs by glyph (cff.c), one copy for every context */
};

struct tb_cs_memo *tb_cs_memo_new(unsigned index)
{
	struct tb_cs_memo *m = calloc(1, sizeof *m);
	if (m && !(m->at = hb_map_create(), hb_map_allocation_successful(m->at))) {
		hb_map_destroy(m->at);
		free(m);
		m = NULL;
	}
	if (m) {
		m->index = index;
		pthread_mutex_init(&m->mu, NULL);
	}
	return m;
}

void tb_cs_memo_free(struct tb_cs_memo *m)
{
	unsigned i;
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	hb_map_destroy(m->at);
	free(m->gid_cid);
	for (i = 0; i < m->nblocks; i++)
		free(m->block[i]);
	free(m);
}

uint16_t *tb_cs_memo_share_cids(struct tb_cs_memo *m, uint16_t *mine)
{
	uint16_t *kept;
	pthread_mutex_lock(&m->mu);
	if (!m->gid_cid)
		m->gid_cid = mine;
	kept = m->gid_cid;
	pthread_mutex_unlock(&m->mu);
	if (kept != mine)
		free(mine);
	return kept;
}

unsigned tb_cs_memo_index(const struct tb_cs_memo *m)
{
	return m->index;
}

struct tb_cs_memo **tb_cs_memo_next(struct tb_cs_memo *m)
{
	return &m->next;
}

/* Glyph g's charstring kept, or NULL. */
static const unsigned char *memo_get(const struct tb_cs_memo *m, unsigned g, size_t *len)
{
	const unsigned char *q;
	hb_codepoint_t v;
	if (!m || !hb_map_has(m->at, g))
		return NULL;
	v = hb_map_get(m->at, g);
	q = m->block[v >> 16] + (v & 0xffff);
	*len = (size_t)q[0] | (size_t)q[1] << 8;
	return q + 2;
}

/* Keep glyph g's charstring (p, len), while there is room. A failure only loses the
 * speed-up: a glyph the map does not hold is parsed again. */
static void memo_put(struct tb_cs_memo *m, unsigned g, const unsigned char *p, size_t len)
{
	unsigned char *q;
	if (!m || len + 2 > CS_MEMO_BLOCK)
		return;
	if (m->nblocks == 0 || m->used + len + 2 > CS_MEMO_BLOCK) {
		if (m->nblocks == CS_MEMO_MAX / CS_MEMO_BLOCK ||
		    !(m->block[m->nblocks] = malloc(CS_MEMO_BLOCK)))
			return;
		m->nblocks++;
		m->used = 0;
	}
	q = m->block[m->nblocks - 1] + m->used;
	q[0] = (unsigned char)len;
	q[1] = (unsigned char)(len >> 8);
	memcpy(q + 2, p, len);
	hb_map_set(m->at, g, (hb_codepoint_t)((m->nblocks - 1) << 16 | m->used));
	if (hb_map_has(m->at, g))
		m->used += len + 2;
}

/* The FD of glyph g from FDSelect (formats 0 and 3); -1 if it does not say. */
static int fd_of(cff_span t, size_t at, unsigned nglyphs, unsigned g)
{
	unsigned nr, k;
	if (at >= t.len)
		return -1;
	if (t.p[at] == 0)
		return g < nglyphs && t.len - at - 1 > g ? t.p[at + 1 + g] : -1;
	if (t.p[at] != 3 || t.len - at < 3)
		return -1;
	nr = (unsigned)cff_get(t.p + at + 1, 2);
	if ((t.len - at - 3) / 3 < (size_t)nr + 1) /* the ranges and the sentinel */
		return -1;
	for (k = 0; k < nr; k++) {
		const unsigned char *r = t.p + at + 3 + 3 * (size_t)k;
		if (g >= cff_get(r, 2) && g < cff_get(r + 3, 2))
			return r[2];
	}
	return -1;
}

tb_status tb_cff_subset(const tb_face *face, const hb_set_t *gids, tb_font_program *out)
{
	hb_blob_t *blob;
	cff_span t, topd;
	cff_index name, top, str, gsub, chars, fdarr;
	buf cs = {0}, o = {0};
	size_t i, *ends = NULL;
	unsigned *keep = NULL, nkeep = 0, k;
	unsigned char *fd_new = NULL, *parsed = NULL; /* parsed: not from the memo */
	struct tb_cs_memo *memo = face->cs_memo;
	int fd_map[256];
	unsigned nfd_used = 0, fd_order[256];
	long charstrings = -1, fdselect = -1, fdarray = -1;
	cff_entry e;
	int r;
	tb_status st = TB_EUNSUPPORTED;
	hb_codepoint_t g = HB_SET_VALUE_INVALID;

	memset(out, 0, sizeof *out);
	if (!face->cff || !face->cid_keyed)
		return TB_EUNSUPPORTED;
	blob = hb_face_reference_table(face->hbface, HB_TAG('C', 'F', 'F', ' '));
	{
		unsigned len = 0;
		t.p = (const unsigned char *)hb_blob_get_data(blob, &len);
		t.len = len;
	}
	if (t.len < 4 || t.p[0] != 1 || cff_index_read(t, t.p[2], &name) != 0 ||
	    cff_index_read(t, name.end, &top) != 0 || top.count != 1 || cff_index_item(t, &top, 0, &topd) != 0 ||
	    cff_index_read(t, top.end, &str) != 0 || cff_index_read(t, str.end, &gsub) != 0 || gsub.count != 0)
		goto done;
	for (i = 0; (r = cff_dict_next(topd, &i, &e)) == 1;) {
		if (e.op == 17)
			charstrings = e.v[2];
		else if (e.op == 1237)
			fdselect = e.v[2];
		else if (e.op == 1236)
			fdarray = e.v[2];
		else if (e.op == 18 || e.op == 1220 || (e.op == 1206 && e.v[2] != 2))
			goto done; /* a Private DICT at the top, SyntheticBase, Type 1 charstrings */
	}
	if (r != 0 || charstrings <= 0 || fdselect <= 0 || fdarray <= 0 ||
	    cff_index_read(t, (size_t)charstrings, &chars) != 0 || chars.count != face->nglyphs ||
	    cff_index_read(t, (size_t)fdarray, &fdarr) != 0 || fdarr.count == 0 || fdarr.count > 256)
		goto done;
	/* the glyphs kept, .notdef first, in the order of their ids */
	keep = malloc(((size_t)hb_set_get_population(gids) + 1) * sizeof *keep);
	if (!keep)
		goto nomem;
	keep[nkeep++] = 0;
	while (hb_set_next(gids, &g))
		if (g != 0 && g < chars.count)
			keep[nkeep++] = g;
	ends = malloc(nkeep * sizeof *ends);
	fd_new = malloc(nkeep);
	parsed = malloc(nkeep);
	if (!ends || !fd_new || !parsed)
		goto nomem;
	for (k = 0; k < 256; k++)
		fd_map[k] = -1;
	if (memo)
		pthread_mutex_lock(&memo->mu);
	for (k = 0; k < nkeep; k++) {
		cff_span c;
		int fd = fd_of(t, (size_t)fdselect, chars.count, keep[k]);
		const unsigned char *kept;
		size_t klen = 0;
		if (fd < 0 || (unsigned)fd >= fdarr.count)
			break;
		if ((kept = memo_get(memo, keep[k], &klen)) != NULL) {
			put(&cs, kept, klen);
			parsed[k] = 0;
		} else if (cff_index_item(t, &chars, keep[k], &c) != 0 || copy_charstring(c, &cs) != 0) {
			break;
		} else {
			parsed[k] = 1;
		}
		if (fd_map[fd] < 0) {
			fd_map[fd] = (int)nfd_used;
			fd_order[nfd_used++] = (unsigned)fd;
		}
		fd_new[k] = (unsigned char)fd_map[fd];
		ends[k] = cs.len;
	}
	if (memo)
		pthread_mutex_unlock(&memo->mu);
	if (k < nkeep)
		goto done;
	if (cs.oom)
		goto nomem;
	{
		/* Sizes first: every offset is a 5-byte operand, so the layout is fixed. */
		buf topo = {0}, fds = {0}, privs = {0};
		size_t fd_ends[256], charset_len, fdsel_len, cs_idx_len, fdarr_len, base;
		unsigned nr = 1, cs_osz, fd_osz, top_osz;
		unsigned long charset_off, fdsel_off, cs_off, fdarr_off, priv_off;
		/* charset: format 0 (a CID a glyph) or 2 (runs of CIDs), the smaller */
		unsigned runs = 0;
		for (k = 1; k < nkeep; k++)
			if (k == 1 || tb_face_cid(face, keep[k]) != tb_face_cid(face, keep[k - 1]) + 1)
				runs++;
		charset_len = 4 * (size_t)runs < 2 * (size_t)(nkeep - 1) ? 1 + 4 * (size_t)runs : 1 + 2 * (size_t)(nkeep - 1);
		for (k = 1; k < nkeep; k++)
			if (fd_new[k] != fd_new[k - 1])
				nr++;
		fdsel_len = 1 + 2 + 3 * (size_t)nr + 2;
		cs_osz = cs.len + 1 < 0x100 ? 1 : cs.len + 1 < 0x10000 ? 2 : cs.len + 1 < 0x1000000 ? 3 : 4;
		cs_idx_len = 3 + ((size_t)nkeep + 1) * cs_osz + cs.len;
		/* the FD DICTs, their Private DICTs at offsets known once the FDArray's size is */
		for (k = 0; k < nfd_used; k++) {
			cff_span fdd, pd;
			long psize = -1, poff = -1;
			size_t j, pstart = privs.len;
			if (cff_index_item(t, &fdarr, fd_order[k], &fdd) != 0)
				goto done_inner;
			for (j = 0; (r = cff_dict_next(fdd, &j, &e)) == 1;) {
				if (e.op == 18) {
					psize = e.v[1];
					poff = e.v[2];
				} else {
					put(&fds, fdd.p + e.start, e.end - e.start);
				}
			}
			if (r != 0 || psize < 0 || poff < 0 || (size_t)poff > t.len || (size_t)psize > t.len - (size_t)poff)
				goto done_inner;
			pd.p = t.p + poff;
			pd.len = (size_t)psize;
			for (j = 0; (r = cff_dict_next(pd, &j, &e)) == 1;) {
				if (e.op == 19)
					goto done_inner; /* local subroutines */
				if (!hint_op(e.op))
					put(&privs, pd.p + e.start, e.end - e.start);
			}
			if (r != 0)
				goto done_inner;
			/* Private: size, offset from the table's start (fixed up below) */
			put_int5(&fds, privs.len - pstart);
			put_int5(&fds, pstart); /* relative to the Private DICTs for now */
			put1(&fds, 18);
			fd_ends[k] = fds.len;
		}
		fd_osz = fds.len + 1 < 0x100 ? 1 : fds.len + 1 < 0x10000 ? 2 : 4;
		fdarr_len = 3 + ((size_t)nfd_used + 1) * fd_osz + fds.len;
		/* the Top DICT: its entries but the offsets, then the new offsets */
		for (i = 0; cff_dict_next(topd, &i, &e) == 1;)
			if (e.op != 15 && e.op != 16 && e.op != 17 && e.op != 1236 && e.op != 1237)
				put(&topo, topd.p + e.start, e.end - e.start);
		{
			size_t top_len = topo.len + 4 * 5 + 1 + 1 + 2 + 2;
			top_osz = top_len + 1 < 0x100 ? 1 : 2;
			base = 4 + (name.end - name.at) + 3 + 2 * top_osz + top_len + (str.end - str.at) + 2;
		}
		charset_off = base;
		fdsel_off = charset_off + charset_len;
		cs_off = fdsel_off + fdsel_len;
		fdarr_off = cs_off + cs_idx_len;
		priv_off = fdarr_off + fdarr_len;
		if (priv_off + privs.len > 0x7FFFFFFF)
			goto done_inner;
		put_int5(&topo, charset_off);
		put1(&topo, 15);
		put_int5(&topo, cs_off);
		put1(&topo, 17);
		put_int5(&topo, fdsel_off);
		put1(&topo, 12), put1(&topo, 37);
		put_int5(&topo, fdarr_off);
		put1(&topo, 12), put1(&topo, 36);
		/* the Private offsets, now that they are known */
		for (k = 0; k < nfd_used && !fds.oom; k++) {
			unsigned char *p = fds.p + fd_ends[k] - 6;
			unsigned long v = cff_get(p + 1, 4) + priv_off;
			p[1] = (unsigned char)(v >> 24), p[2] = (unsigned char)(v >> 16);
			p[3] = (unsigned char)(v >> 8), p[4] = (unsigned char)v;
		}
		/* header, Name INDEX, Top DICT INDEX, String INDEX, Global Subr INDEX (empty) */
		put1(&o, 1), put1(&o, 0), put1(&o, 4), put1(&o, 4);
		put(&o, t.p + name.at, name.end - name.at);
		put_n(&o, 1, 2), put1(&o, top_osz), put_n(&o, 1, top_osz), put_n(&o, topo.len + 1, top_osz);
		put(&o, topo.p, topo.len);
		put(&o, t.p + str.at, str.end - str.at);
		put_n(&o, 0, 2);
		/* charset */
		if (charset_len == 1 + 2 * (size_t)(nkeep - 1)) {
			put1(&o, 0);
			for (k = 1; k < nkeep; k++)
				put_n(&o, tb_face_cid(face, keep[k]), 2);
		} else {
			put1(&o, 2);
			for (k = 1; k < nkeep;) {
				unsigned j = k;
				while (j + 1 < nkeep && tb_face_cid(face, keep[j + 1]) == tb_face_cid(face, keep[j]) + 1)
					j++;
				put_n(&o, tb_face_cid(face, keep[k]), 2);
				put_n(&o, j - k, 2);
				k = j + 1;
			}
		}
		/* FDSelect, format 3 */
		put1(&o, 3);
		put_n(&o, nr, 2);
		for (k = 0; k < nkeep; k++)
			if (k == 0 || fd_new[k] != fd_new[k - 1]) {
				put_n(&o, k, 2);
				put1(&o, fd_new[k]);
			}
		put_n(&o, nkeep, 2);
		/* CharStrings */
		put_n(&o, nkeep, 2);
		put1(&o, cs_osz);
		put_n(&o, 1, cs_osz);
		for (k = 0; k < nkeep; k++)
			put_n(&o, ends[k] + 1, cs_osz);
		put(&o, cs.p, cs.len);
		/* FDArray, Private DICTs */
		put_n(&o, nfd_used, 2);
		put1(&o, fd_osz);
		put_n(&o, 1, fd_osz);
		for (k = 0; k < nfd_used; k++)
			put_n(&o, fd_ends[k] + 1, fd_osz);
		put(&o, fds.p, fds.len);
		put(&o, privs.p, privs.len);
		if (topo.oom || fds.oom || privs.oom || o.oom)
			st = TB_ENOMEM;
		else if (o.len == priv_off + privs.len)
			st = TB_OK;
	done_inner:
		free(topo.p);
		free(fds.p);
		free(privs.p);
	}
	if (st == TB_OK) {
		out->new_gid = hb_map_create();
		g = HB_SET_VALUE_INVALID;
		for (k = 1; k < nkeep; k++)
			hb_map_set(out->new_gid, keep[k], k);
		if (hb_set_has(gids, 0))
			hb_map_set(out->new_gid, 0, 0);
		if (!hb_map_allocation_successful(out->new_gid)) {
			hb_map_destroy(out->new_gid);
			out->new_gid = NULL;
			st = TB_ENOMEM;
		} else {
			out->data = o.p;
			out->len = o.len;
			o.p = NULL;
		}
	}
	goto done;
nomem:
	st = TB_ENOMEM;
done:
	if (st == TB_OK && memo) { /* what a subset that worked parsed, for the next ones */
		pthread_mutex_lock(&memo->mu);
		for (k = 0; k < nkeep; k++)
			if (parsed[k] && !cs.oom)
				memo_put(memo, keep[k], cs.p + (k ? ends[k - 1] : 0),
				         ends[k] - (k ? ends[k - 1] : 0));
		pthread_mutex_unlock(&memo->mu);
	}
	free(o.p);
	free(cs.p);
	free(keep);
	free(ends);
	free(fd_new);
	free(parsed);
	hb_blob_destroy(blob);
	return st;
}
