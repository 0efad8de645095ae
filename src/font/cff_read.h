/* cff_read.h: reading a CFF table's structures, bounded by the table: INDEXes and DICT
 * entries (Adobe TN 5176). Shared by cff.c (a face's CIDs and ROS) and cff_subset.c (the
 * Fandol subsets). Private to font/. */
#ifndef TB_FONT_CFF_READ_H
#define TB_FONT_CFF_READ_H
#include <stddef.h>

typedef struct cff_span {
	const unsigned char *p;
	size_t len;
} cff_span;

/* A big-endian number of `size` bytes (1..4). */
unsigned long cff_get(const unsigned char *p, unsigned size);

/* An INDEX: where it starts and ends, its item count and offset size. */
typedef struct cff_index {
	size_t at, end, data; /* data: the byte before item 0 (offsets count from 1) */
	unsigned count, osz;
} cff_index;

/* The INDEX at `at`; -1 if it does not fit in the table. */
int cff_index_read(cff_span t, size_t at, cff_index *x);
/* Item i of an INDEX read by cff_index_read; -1 if out of range or malformed. */
int cff_index_item(cff_span t, const cff_index *x, unsigned i, cff_span *out);

/* One DICT entry: its operator (12 x as 1200 + x), its last three integer operands (v[2]
 * the last; reals count as 0), how many it had, and its bytes. */
typedef struct cff_entry {
	unsigned op;
	long v[3];
	int n;
	size_t start, end;
} cff_entry;

/* The entry at *i; 1 when read, 0 at the end, -1 if malformed. */
int cff_dict_next(cff_span d, size_t *i, cff_entry *e);

#endif
