/* part_store.c: the process's parsed trees of large parts, shared by every context. A batch
 * runs one context per worker, and each worker kept its own tree of the form's 350 KB
 * styles.xml: 4.8 MB of nodes per worker, the same in each. The readers only read these
 * trees (doc/ and layout/ never change a part's tree), so threads can share one; each
 * context holds references (doc_util.c) and the last one frees the tree. Entries are
 * compared under the lock: their stored form may be learnt later (tb_part_store_set_raw).
 * A partial entry holds a tree with only some of the part (Word's styles.xml without the
 * styles no document met so far used): it serves only readers that complete it from the
 * part's bytes on demand (docx_prune.c), which keep what they need to do so in `aux`. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xml.h"
#include "doc/doc_read.h"

struct tb_part_ref {
	struct tb_part_ref *next;
	char *bytes;
	size_t len;
	tb_zip_raw raw; /* as stored in the archive it was read from (no data: unknown) */
	xmlDocPtr doc;
	unsigned refs;
	bool partial;
	void *aux; /* set once (tb_part_ref_set_aux), freed with the entry */
	void (*aux_free)(void *);
};

static pthread_mutex_t store_mu = PTHREAD_MUTEX_INITIALIZER;
static tb_part_ref *store;

/* Whether entry e may serve a reader that can (partial_ok) or cannot complete a tree. */
static bool serves(const tb_part_ref *e, bool partial_ok)
{
	return partial_ok || !e->partial;
}

tb_part_ref *tb_part_store_find_raw(const tb_zip_raw *raw, bool partial_ok)
{
	tb_part_ref *e;
	pthread_mutex_lock(&store_mu);
	for (e = store;
	     e && !(serves(e, partial_ok) && e->raw.data && tb_zip_raw_equal(&e->raw, raw));
	     e = e->next)
		;
	if (e)
		e->refs++;
	pthread_mutex_unlock(&store_mu);
	return e;
}

static bool same_bytes(const tb_part_ref *e, const char *data, size_t len)
{
	return e->len == len && !memcmp(e->bytes, data, len);
}

tb_part_ref *tb_part_store_find(const char *data, size_t len, bool partial_ok)
{
	tb_part_ref *e;
	pthread_mutex_lock(&store_mu);
	for (e = store; e && !(serves(e, partial_ok) && same_bytes(e, data, len)); e = e->next)
		;
	if (e)
		e->refs++;
	pthread_mutex_unlock(&store_mu);
	return e;
}

tb_part_ref *tb_part_store_add(char *data, size_t len, xmlDocPtr doc, tb_zip_raw *raw,
                               bool partial)
{
	tb_part_ref *e, *fresh = calloc(1, sizeof *fresh);
	if (!fresh)
		return NULL;
	pthread_mutex_lock(&store_mu);
	/* a whole tree serves every reader; a partial one only those a partial one would */
	for (e = store; e && !(serves(e, partial) && same_bytes(e, data, len)); e = e->next)
		;
	if (e) { /* another context kept the same part meanwhile: that tree serves */
		e->refs++;
		pthread_mutex_unlock(&store_mu);
		free(fresh);
		free(data);
		tb_xml_free(doc);
		free(raw->data);
		memset(raw, 0, sizeof *raw);
		return e;
	}
	fresh->bytes = data;
	fresh->len = len;
	fresh->doc = doc;
	fresh->raw = *raw;
	memset(raw, 0, sizeof *raw);
	fresh->refs = 1;
	fresh->partial = partial;
	fresh->next = store;
	store = fresh;
	pthread_mutex_unlock(&store_mu);
	return fresh;
}

void tb_part_store_set_raw(tb_part_ref *e, tb_zip_raw *raw)
{
	pthread_mutex_lock(&store_mu);
	if (!e->raw.data && raw->data) {
		e->raw = *raw;
		memset(raw, 0, sizeof *raw);
	}
	pthread_mutex_unlock(&store_mu);
}

xmlDocPtr tb_part_ref_doc(const tb_part_ref *e)
{
	return e->doc; /* set before the entry is published, never changed */
}

size_t tb_part_ref_len(const tb_part_ref *e)
{
	return e->len;
}

const char *tb_part_ref_bytes(const tb_part_ref *e)
{
	return e->bytes; /* set before the entry is published, never changed */
}

bool tb_part_ref_partial(const tb_part_ref *e)
{
	return e->partial;
}

void *tb_part_ref_aux(tb_part_ref *e)
{
	void *a;
	pthread_mutex_lock(&store_mu);
	a = e->aux;
	pthread_mutex_unlock(&store_mu);
	return a;
}

void *tb_part_ref_set_aux(tb_part_ref *e, void *aux, void (*aux_free)(void *))
{
	void *kept;
	pthread_mutex_lock(&store_mu);
	if (!e->aux) {
		e->aux = aux;
		e->aux_free = aux_free;
	}
	kept = e->aux;
	pthread_mutex_unlock(&store_mu);
	if (kept != aux)
		aux_free(aux); /* another context set it meanwhile */
	return kept;
}

void tb_part_store_release(tb_part_ref *e)
{
	tb_part_ref **p;
	bool last;
	if (!e)
		return;
	pthread_mutex_lock(&store_mu);
	last = --e->refs == 0;
	if (last)
		for (p = &store; *p; p = &(*p)->next)
			if (*p == e) {
				*p = e->next;
				break;
			}
	pthread_mutex_unlock(&store_mu);
	if (last) {
		free(e->bytes);
		free(e->raw.data);
		tb_xml_free(e->doc);
		if (e->aux)
			e->aux_free(e->aux);
		free(e);
	}
}

size_t tb_part_store_count(void)
{
	size_t n = 0;
	tb_part_ref *e;
	pthread_mutex_lock(&store_mu);
	for (e = store; e; e = e->next)
		n++;
	pthread_mutex_unlock(&store_mu);
	return n;
}
