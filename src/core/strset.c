/* strset.c: see strset.h. One hash and one set for the places that need "have we seen this
 * name": installed font families, the style ids a document refers to, part bytes, subset
 * tags. */
#include "core/strset.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

uint64_t tb_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

static size_t slot_of(const tb_strset *set, const char *s, size_t len)
{
	uint64_t h = TB_HASH_INIT;
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (set->nocase && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211u;
	}
	return (size_t)h & (set->nslots - 1);
}

static bool same(const tb_strset *set, const char *e, const char *s, size_t len)
{
	return strlen(e) == len && (set->nocase ? strncasecmp(e, s, len) : memcmp(e, s, len)) == 0;
}

bool tb_strset_has(const tb_strset *set, const char *s, size_t len)
{
	size_t i;
	if (!set->nslots)
		return false;
	for (i = slot_of(set, s, len); set->slots[i]; i = (i + 1) & (set->nslots - 1))
		if (same(set, set->slots[i], s, len))
			return true;
	return false;
}

static bool grow(tb_strset *set)
{
	tb_strset bigger = *set;
	size_t k, i;
	bigger.nslots = set->nslots ? set->nslots * 2 : 64;
	if (!(bigger.slots = calloc(bigger.nslots, sizeof *bigger.slots)))
		return false;
	for (k = 0; k < set->nslots; k++)
		if (set->slots[k]) {
			for (i = slot_of(&bigger, set->slots[k], strlen(set->slots[k])); bigger.slots[i];
			     i = (i + 1) & (bigger.nslots - 1))
				;
			bigger.slots[i] = set->slots[k];
		}
	free(set->slots);
	*set = bigger;
	return true;
}

bool tb_strset_add(tb_strset *set, const char *s, size_t len)
{
	size_t i;
	if (tb_strset_has(set, s, len))
		return true;
	if (2 * (set->n + 1) > set->nslots && !grow(set))
		return false;
	for (i = slot_of(set, s, len); set->slots[i]; i = (i + 1) & (set->nslots - 1))
		;
	if (!(set->slots[i] = malloc(len + 1)))
		return false;
	memcpy(set->slots[i], s, len);
	set->slots[i][len] = '\0';
	set->n++;
	return true;
}

void tb_strset_free(tb_strset *set)
{
	size_t i;
	for (i = 0; i < set->nslots; i++)
		free(set->slots[i]);
	free(set->slots);
	set->slots = NULL;
	set->nslots = set->n = 0;
}
