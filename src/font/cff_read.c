/* cff_read.c: a CFF table's INDEXes and DICT entries, every read bounded by the table. */
#include <stdint.h>

#include "font/cff_read.h"

unsigned long cff_get(const unsigned char *p, unsigned size)
{
	unsigned long v = 0;
	while (size--)
		v = v << 8 | *p++;
	return v;
}

int cff_index_read(cff_span t, size_t at, cff_index *x)
{
	unsigned long last;
	x->at = at;
	if (at > t.len || t.len - at < 2)
		return -1;
	x->count = (unsigned)cff_get(t.p + at, 2);
	if (x->count == 0) {
		x->end = at + 2;
		return 0;
	}
	if (t.len - at < 3)
		return -1;
	x->osz = t.p[at + 2];
	if (x->osz < 1 || x->osz > 4 || (t.len - at - 3) / x->osz < (size_t)x->count + 1)
		return -1;
	x->data = at + 3 + ((size_t)x->count + 1) * x->osz - 1;
	last = cff_get(t.p + at + 3 + (size_t)x->count * x->osz, x->osz);
	if (last < 1 || last > t.len - x->data)
		return -1;
	x->end = x->data + last;
	return 0;
}

int cff_index_item(cff_span t, const cff_index *x, unsigned i, cff_span *out)
{
	unsigned long a, b;
	if (i >= x->count)
		return -1;
	a = cff_get(t.p + x->at + 3 + (size_t)i * x->osz, x->osz);
	b = cff_get(t.p + x->at + 3 + ((size_t)i + 1) * x->osz, x->osz);
	if (a < 1 || b < a || b > x->end - x->data)
		return -1;
	out->p = t.p + x->data + a;
	out->len = b - a;
	return 0;
}

/* Operands are shifted through v[] as they come; the operator ends the entry. */
int cff_dict_next(cff_span d, size_t *i, cff_entry *e)
{
	long v3[3] = {0, 0, 0};
	int n = 0;
	e->start = *i;
	if (*i >= d.len)
		return 0;
	while (*i < d.len) {
		unsigned c = d.p[*i];
		long v = 0;
		if (c <= 21) {
			e->op = c;
			(*i)++;
			if (c == 12) {
				if (*i >= d.len)
					return -1;
				e->op = 1200 + d.p[(*i)++];
			}
			e->v[0] = v3[0];
			e->v[1] = v3[1];
			e->v[2] = v3[2];
			e->n = n;
			e->end = *i;
			return n <= 48 ? 1 : -1;
		}
		if (c == 28 && d.len - *i > 2) {
			v = (short)cff_get(d.p + *i + 1, 2);
			*i += 3;
		} else if (c == 29 && d.len - *i > 4) {
			v = (long)(int32_t)cff_get(d.p + *i + 1, 4);
			*i += 5;
		} else if (c == 30) {
			(*i)++;
			while (*i < d.len && (d.p[*i] & 0x0F) != 0x0F && (d.p[*i] >> 4) != 0x0F)
				(*i)++;
			if (*i >= d.len)
				return -1;
			(*i)++;
		} else if (c >= 32 && c <= 246) {
			v = (long)c - 139;
			(*i)++;
		} else if (c >= 247 && c <= 250 && d.len - *i > 1) {
			v = ((long)c - 247) * 256 + d.p[*i + 1] + 108;
			*i += 2;
		} else if (c >= 251 && c <= 254 && d.len - *i > 1) {
			v = -((long)c - 251) * 256 - d.p[*i + 1] - 108;
			*i += 2;
		} else {
			return -1;
		}
		v3[0] = v3[1];
		v3[1] = v3[2];
		v3[2] = v;
		n++;
	}
	return -1; /* operands without an operator */
}
