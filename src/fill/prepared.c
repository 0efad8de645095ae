/* prepared.c: templates parsed, scanned and structured once per context. A batch or a mail
 * merge fills one template again and again; parsing its parts and finding its tags was a
 * sixth of a batch's fill (issue 16). The part trees as load leaves them (tags cut into
 * holders, sections wrapped) and the tag table are kept, and a later fill of the same bytes,
 * read the same way, takes copies. Only a template whose preparation raised no diagnostic is
 * kept, so a fill from here says and writes exactly what a fresh one would. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "fill/fill_int.h"

#define PREP_SLOTS FILL_PREPARED_SLOTS
#define PREP_MAX_BYTES FILL_PREPARED_MAX_BYTES

typedef struct prep_part {
	char *name;
	size_t index;
	xmlDocPtr doc;
	size_t first, end;
} prep_part;

struct fill_prepared {
	char *bytes; /* the key: the template, its reading, the words of its tag table */
	size_t len;
	tb_fill_syntax syntax_opt;
	char *delims_opt; /* NULL: the syntax's own */
	char *words[FILL_SCAN_WORDS];
	fill_syntax syntax;
	tb_delims delims;
	prep_part *parts;
	size_t nparts;
	fill_tag *tags; /* holders and paragraphs cleared: they pointed into the first fill's trees */
	size_t ntags;
	size_t cost;
	unsigned long used; /* the least recently used goes first */
	unsigned busy;      /* documents borrowing its tag table: never evicted then */
};

typedef struct prep_cache {
	struct fill_prepared *e[PREP_SLOTS];
	size_t n, total;
	unsigned long clock;
	unsigned long served;
} prep_cache;

static const char cache_key[] = "fill.prepared";

static void prep_free(struct fill_prepared *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->ntags; i++) {
		tb_tag_clear(&e->tags[i].tag);
		free(e->tags[i].text);
		free(e->tags[i].where);
		free(e->tags[i].around);
		xmlXPathFreeCompExpr(e->tags[i].comp);
	}
	free(e->tags);
	for (i = 0; i < e->nparts; i++) {
		free(e->parts[i].name);
		tb_xml_free(e->parts[i].doc);
	}
	free(e->parts);
	for (i = 0; i < FILL_SCAN_WORDS; i++)
		free(e->words[i]);
	free(e->delims_opt);
	free(e->bytes);
	free(e);
}

static void cache_free(void *p)
{
	prep_cache *c = p;
	size_t i;
	for (i = 0; i < c->n; i++)
		prep_free(c->e[i]);
	free(c);
}

static tb_fill_syntax syntax_option(const tb_fill_options *opts)
{
	return opts->version >= 2 ? opts->syntax : TB_FILL_SYNTAX_AUTO;
}

static int same_key(const struct fill_prepared *e, const void *bytes, size_t len,
                    const tb_fill_options *opts, const char *const *words)
{
	size_t i;
	if (e->len != len || e->syntax_opt != syntax_option(opts) ||
	    !e->delims_opt != !opts->delimiters ||
	    (opts->delimiters && strcmp(e->delims_opt, opts->delimiters)))
		return 0;
	for (i = 0; i < FILL_SCAN_WORDS; i++)
		if (strcmp(e->words[i], words[i]))
			return 0;
	return !memcmp(e->bytes, bytes, len);
}

tb_status fill_prepared_use(tb_ctx *ctx, const void *bytes, size_t len,
                            const tb_fill_options *opts, fill_doc *d, fill_tmpl *t)
{
	prep_cache *c = tb_ctx_cache_get(ctx, cache_key);
	const char *words[FILL_SCAN_WORDS];
	struct fill_prepared *e = NULL;
	fill_tag *tags = NULL;
	size_t i, k;
	tb_status st;

	if (!c || !c->n)
		return TB_ENOTFOUND;
	fill_scan_words(words);
	for (i = 0; i < c->n && !e; i++)
		if (same_key(c->e[i], bytes, len, opts, words))
			e = c->e[i];
	if (!e)
		return TB_ENOTFOUND;
	/* The same bytes open to the same entries; cheap to make sure. */
	for (k = 0; k < e->nparts; k++)
		if (e->parts[k].index >= tb_pkg_count(t->pkg) ||
		    strcmp(tb_pkg_name(t->pkg, e->parts[k].index), e->parts[k].name))
			return TB_ENOTFOUND;
	if (e->ntags && !(tags = malloc(e->ntags * sizeof *tags)))
		return TB_ENOMEM;
	for (k = 0; k < e->nparts; k++) {
		fill_part *p = &t->parts[k];
		p->doc = NULL; /* a part without tags has no tree (load_parts) */
		if (e->parts[k].doc && (st = tb_xml_copy(e->parts[k].doc, &p->doc)) != TB_OK) {
			free(tags);
			return st; /* the copies made so far go with t */
		}
		p->name = tb_pkg_name(t->pkg, e->parts[k].index);
		p->index = e->parts[k].index;
		p->first = e->parts[k].first;
		p->end = e->parts[k].end;
		t->nparts++;
	}
	if (e->ntags)
		memcpy(tags, e->tags, e->ntags * sizeof *tags);
	for (k = 0; k < t->nparts; k++)
		for (i = t->parts[k].first; i < t->parts[k].end; i++)
			tags[i].part = t->parts[k].name;
	d->syntax = e->syntax;
	d->delims = e->delims;
	d->tags = tags;
	d->ntags = d->cap = e->ntags;
	d->prep = e;
	e->busy++;
	e->used = ++c->clock;
	c->served++;
	return TB_OK;
}

static prep_cache *cache_get(tb_ctx *ctx)
{
	prep_cache *c = tb_ctx_cache_get(ctx, cache_key);
	if (c)
		return c;
	if (!(c = calloc(1, sizeof *c)))
		return NULL;
	if (tb_ctx_cache_set(ctx, cache_key, c, cache_free) != TB_OK) {
		free(c);
		return NULL;
	}
	return c;
}

void fill_prepared_keep(tb_ctx *ctx, const void *bytes, size_t len, size_t cost,
                        const tb_fill_options *opts, fill_doc *d, const fill_tmpl *t)
{
	const char *words[FILL_SCAN_WORDS];
	struct fill_prepared *e;
	fill_tag *tags = NULL;
	prep_cache *c;
	size_t i, k;

	/* One document (tb_ctx_set_one_document): no later fill would take the copy, which was
	 * 4% of a fresh `tianbiao fill` to PDF and 160 of its page faults. */
	if (d->prep || cost > PREP_MAX_BYTES || tb_ctx_one_document(ctx) || !(e = calloc(1, sizeof *e)))
		return;
	fill_scan_words(words);
	e->len = len;
	e->cost = cost;
	e->syntax_opt = syntax_option(opts);
	e->syntax = d->syntax;
	e->delims = d->delims;
	if (!(e->bytes = malloc(len ? len : 1)) ||
	    (opts->delimiters && !(e->delims_opt = strdup(opts->delimiters))))
		goto fail;
	memcpy(e->bytes, bytes, len);
	for (i = 0; i < FILL_SCAN_WORDS; i++)
		if (!(e->words[i] = strdup(words[i])))
			goto fail;
	if (t->nparts && !(e->parts = calloc(t->nparts, sizeof *e->parts)))
		goto fail;
	for (k = 0; k < t->nparts; k++) {
		prep_part *p = &e->parts[e->nparts];
		/* copied before the fill expands them */
		if (!(p->name = strdup(t->parts[k].name)) ||
		    (t->parts[k].doc && tb_xml_copy(t->parts[k].doc, &p->doc) != TB_OK)) {
			free(p->name);
			goto fail;
		}
		tb_xml_intern_text(p->doc);
		p->index = t->parts[k].index;
		p->first = t->parts[k].first;
		p->end = t->parts[k].end;
		e->nparts++;
	}
	if ((d->ntags && !(tags = malloc(d->ntags * sizeof *tags))) || !(c = cache_get(ctx)))
		goto fail;
	/* Room: the least recently used go, those in use stay. */
	while (c->n == PREP_SLOTS || c->total + cost > PREP_MAX_BYTES) {
		size_t v = SIZE_MAX;
		for (i = 0; i < c->n; i++)
			if (!c->e[i]->busy && (v == SIZE_MAX || c->e[i]->used < c->e[v]->used))
				v = i;
		if (v == SIZE_MAX)
			goto fail;
		c->total -= c->e[v]->cost;
		prep_free(c->e[v]);
		c->e[v] = c->e[--c->n];
	}
	/* Nothing can fail from here: the table's strings and expressions change hands. */
	if (d->ntags)
		memcpy(tags, d->tags, d->ntags * sizeof *tags);
	for (k = 0; k < e->nparts; k++)
		for (i = e->parts[k].first; i < e->parts[k].end; i++)
			tags[i].part = e->parts[k].name;
	for (i = 0; i < d->ntags; i++)
		tags[i].holder = tags[i].para = NULL;
	e->tags = tags;
	e->ntags = d->ntags;
	e->used = ++c->clock;
	c->e[c->n++] = e;
	c->total += cost;
	d->prep = e;
	e->busy++;
	return;
fail:
	free(tags);
	prep_free(e);
}

void fill_prepared_release(fill_doc *d)
{
	if (!d->prep)
		return;
	d->prep->busy--;
	d->prep = NULL;
	free(d->tags);
	d->tags = NULL;
	d->ntags = d->cap = 0;
}

void fill_prepared_stats(const tb_ctx *ctx, size_t *kept, size_t *bytes, unsigned long *served)
{
	const prep_cache *c = tb_ctx_cache_get(ctx, cache_key);
	*kept = c ? c->n : 0;
	*bytes = c ? c->total : 0;
	*served = c ? c->served : 0;
}

size_t fill_prepared_trees(const tb_ctx *ctx)
{
	const prep_cache *c = tb_ctx_cache_get(ctx, cache_key);
	size_t i, k, n = 0;
	for (i = 0; c && i < c->n; i++)
		for (k = 0; k < c->e[i]->nparts; k++)
			n += c->e[i]->parts[k].doc != NULL;
	return n;
}
