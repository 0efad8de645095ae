/* verify_bag.c: BagIt 1.0 validation (RFC 8493 complete + valid) of our bundles, plus the
 * SM3 tag file, Payload-Oxum, and each item's own package manifest. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "pack/pack.h"
#include "pack/vset.h"

typedef struct bag_ctx {
	tb_ctx *ctx;
	const char *label;
	const char *file;   /* the manifest being read */
	vset *s;
	tb_digest_alg alg;
	int tag;            /* a tag manifest: lists tag files, never data/ */
	unsigned char *listed; /* per entry of s */
	unsigned char *told;   /* per entry: already reported as not listed (said once, not per
	                          manifest) */
	size_t payload_findings; /* missing or unlisted payload files */
	tb_status st;
} bag_ctx;

#define BAGIT_TXT "bagit.txt"
#define BAG_INFO "bag-info.txt"

static const tb_digest_alg payload_algs[] = {TB_SHA256, TB_SHA512};

static tb_status on_line(void *user, const char *hex, const char *path, unsigned line)
{
	bag_ctx *b = user;
	vent *e = vset_find(b->s, path);
	char have[TB_DIGEST_HEX_MAX];
	int is_data = !strncmp(path, "data/", 5);

	if (is_data == b->tag) {
		tb_error(b->ctx, "verify.manifest", b->label, line, 1, NULL,
		         N_("%s lists \"%s\", which does not belong in it"), b->file, path);
		return TB_ERROR;
	}
	if (!e) {
		/* listed by every manifest: one finding, from the first */
		if (b->alg != TB_SHA256 && !b->tag)
			return TB_ERROR;
		b->payload_findings += is_data;
		tb_error(b->ctx, "verify.missing", b->label, line, 1, N_("the bag is incomplete"),
		         N_("\"%s\" is listed in %s but missing"), path, b->file);
		return TB_ERROR;
	}
	b->listed[e - b->s->v] = 1;
	if (vent_digest(b->ctx, e, b->alg, have) != TB_OK)
		return TB_EIO;
	if (strcmp(have, hex)) {
		int manifest = !strncmp(path, "manifest-", 9) || !strcmp(path, "bag-info.txt") ||
		               !strcmp(path, "bagit.txt") || !strncmp(path, "metadata/", 9);
		tb_error(b->ctx, manifest && b->tag ? "verify.manifest" : "verify.altered", b->label,
		         line, 1, N_("the file was changed after bagging"),
		         N_("\"%s\" does not match its %s digest in %s"), path,
		         tb_digest_name(b->alg), b->file);
		return TB_ERROR;
	}
	return TB_OK;
}

/* Read one manifest; then, for payload manifests, every data/ file must have been listed. */
static tb_status read_manifest(bag_ctx *b, const char *name, int required)
{
	vent *m = vset_find(b->s, name);
	char *data;
	size_t len, i;
	int owned;
	tb_status st;

	if (!m) {
		if (!required)
			return TB_OK;
		tb_error(b->ctx, "verify.missing", b->label, 0, 0, N_("the bag is incomplete"),
		         N_("\"%s\" is missing"), name);
		return TB_ERROR;
	}
	b->file = name;
	memset(b->listed, 0, b->s->n);
	if ((st = vent_bytes(b->ctx, m, 256u << 20, &data, &len, &owned)) != TB_OK)
		return st;
	st = vparse_lines(b->ctx, b->label, data, len, on_line, b);
	if (owned)
		free(data);
	for (i = 0; i < b->s->n; i++) {
		const char *nm = b->s->v[i].name;
		int is_data = !strncmp(nm, "data/", 5);
		if (b->listed[i]) {
			b->s->v[i].seen = 1;
			continue;
		}
		/* Payload manifests must list every payload file; tag manifests every tag file but
		 * themselves. */
		if (b->tag ? (is_data || !strncmp(nm, "tagmanifest-", 12)) : !is_data)
			continue;
		/* A file beside the tag files that no tag manifest lists (Thumbs.db, .DS_Store left
		 * by a file browser) is allowed by BagIt and bagit-python: a warning, said once. */
		if (b->tag && !strchr(nm, '/')) {
			if (b->alg == TB_SHA256)
				tb_warn(b->ctx, "verify.tag-extra", b->label, 0, 0,
				        N_("BagIt allows it; remove it if it does not belong to the bag"),
				        N_("\"%s\" at the bag's root is not in any tag manifest"), nm);
			continue;
		}
		st = TB_ERROR;
		if (b->told[i])
			continue; /* one finding per file, not one per manifest */
		b->told[i] = 1;
		b->payload_findings += is_data;
		tb_error(b->ctx, "verify.extra", b->label, 0, 0, N_("something was added after bagging"),
		         N_("\"%s\" is not listed in %s"), nm, name);
	}
	return st;
}

static tb_status check_bagit_txt(tb_ctx *ctx, const char *label, vset *s)
{
	static const char want[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	vent *e = vset_find(s, "bagit.txt");
	char *data;
	size_t len;
	int owned, ok;
	if (!e) {
		tb_error(ctx, "verify.missing", label, 0, 0, NULL, N_("\"%s\" is missing"), BAGIT_TXT);
		return TB_ERROR;
	}
	e->seen = 1;
	if (vent_bytes(ctx, e, 4096, &data, &len, &owned) != TB_OK)
		return TB_EIO;
	ok = len == sizeof want - 1 && !memcmp(data, want, len);
	if (owned)
		free(data);
	if (!ok) {
		tb_error(ctx, "verify.bagit", label, 0, 0, NULL,
		         N_("bagit.txt is not the BagIt 1.0 declaration"));
		return TB_ERROR;
	}
	return TB_OK;
}

static tb_status check_oxum(tb_ctx *ctx, const char *label, vset *s)
{
	vent *e = vset_find(s, "bag-info.txt");
	unsigned long long bytes = 0, files = 0, rb = 0, rf = 0;
	char *data, *p;
	size_t len, i;
	int owned;
	tb_status st = TB_OK;

	if (!e) {
		tb_error(ctx, "verify.missing", label, 0, 0, NULL, N_("\"%s\" is missing"), BAG_INFO);
		return TB_ERROR;
	}
	if (vent_bytes(ctx, e, 1u << 20, &data, &len, &owned) != TB_OK)
		return TB_EIO;
	for (i = 0; i < s->n; i++)
		if (!strncmp(s->v[i].name, "data/", 5)) {
			bytes += s->v[i].len;
			files++;
		}
	p = data && len ? strstr(data, "Payload-Oxum: ") : NULL;
	if (!p || sscanf(p + 14, "%llu.%llu", &rb, &rf) != 2 || rb != bytes || rf != files) {
		tb_error(ctx, "verify.manifest", label, 0, 0, NULL,
		         N_("Payload-Oxum does not match the payload (%llu bytes in %llu files)"), bytes,
		         files);
		st = TB_ERROR;
	}
	if (owned)
		free(data);
	return st;
}

/* Each item folder holding a manifest.xml is a package: verify it as one. */
static tb_status check_items(tb_ctx *ctx, const char *label, vset *s)
{
	tb_status st = TB_OK;
	size_t i, j;
	for (i = 0; i < s->n; i++) {
		const char *nm = s->v[i].name;
		size_t nl = strlen(nm), pl;
		vset sub = {0};
		char *sublabel;
		tb_status r = TB_OK;
		if (nl < 13 || strcmp(nm + nl - 13, "/manifest.xml") || strncmp(nm, "data/", 5))
			continue;
		pl = nl - 12; /* keeps the slash */
		for (j = 0; r == TB_OK && j < s->n; j++) {
			const vent *e = &s->v[j];
			if (!strncmp(e->name, nm, pl))
				r = vset_add_copy(&sub, e->name + pl, e);
		}
		sublabel = strndup(nm, pl - 1);
		if (r == TB_OK && sublabel)
			r = verify_package_set(ctx, sublabel, &sub, NULL, "item.xml");
		else if (!sublabel)
			r = TB_ENOMEM;
		if (r != TB_OK)
			st = r;
		free(sublabel);
		vset_free(&sub);
	}
	(void)label;
	return st;
}

tb_status verify_bag_set(tb_ctx *ctx, const char *label, vset *s, const char *name)
{
	bag_ctx b;
	tb_status st = TB_OK, r;
	size_t i;
	char fname[64];

	(void)name;
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.label = label;
	b.s = s;
	if (!(b.listed = calloc(s->n + 1, 1)) || !(b.told = calloc(s->n + 1, 1))) {
		free(b.listed);
	free(b.told);
		return TB_ENOMEM;
	}
	for (i = 0; i < s->n; i++)
		s->v[i].seen = 0;
	if ((r = check_bagit_txt(ctx, label, s)) != TB_OK)
		st = r;
	for (i = 0; i < sizeof payload_algs / sizeof payload_algs[0]; i++) {
		b.alg = payload_algs[i];
		b.tag = 0;
		snprintf(fname, sizeof fname, "manifest-%s.txt", tb_digest_name(b.alg));
		if ((r = read_manifest(&b, fname, 1)) != TB_OK)
			st = r;
		b.tag = 1;
		snprintf(fname, sizeof fname, "tagmanifest-%s.txt", tb_digest_name(b.alg));
		if ((r = read_manifest(&b, fname, 1)) != TB_OK)
			st = r;
	}
	/* SM3 lives in a tag file of its own: BagIt tools ignore or reject manifest-sm3.txt. */
	b.alg = TB_SM3;
	b.tag = 0;
	if ((r = read_manifest(&b, "metadata/fixity-sm3.txt", 1)) != TB_OK)
		st = r;
	/* Payload-Oxum disagrees whenever payload files were added or removed: said already. */
	if (!b.payload_findings && (r = check_oxum(ctx, label, s)) != TB_OK)
		st = r;
	if ((r = check_items(ctx, label, s)) != TB_OK)
		st = r;
	free(b.listed);
	free(b.told);
	return st;
}
