/* i18n.c: bind the message catalog: $TIANBIAO_LOCALEDIR (a build tree's locale/ when running
 * uninstalled), else the installed one. */
#include <libintl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tianbiao/tb_core.h"

void tb_i18n_init(void)
{
	const char *dir = getenv("TIANBIAO_LOCALEDIR");
	static char near[4160];
	struct stat st;

#ifdef TB_INSTALL_LOCALEDIR
	if (!dir && stat(TB_INSTALL_LOCALEDIR "/zh_CN/LC_MESSAGES/tianbiao.mo", &st) == 0)
		dir = TB_INSTALL_LOCALEDIR;
#endif
	/* Uninstalled (a build tree, as the README's set-up leaves it): the catalog the build
	 * compiles sits in locale/ beside the executable. Found at run time, not baked in. */
	if (!dir) {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 32);
		char *slash;
		if (n > 0) {
			exe[n] = '\0';
			if ((slash = strrchr(exe, '/')) != NULL) {
				strcpy(slash + 1, "locale");
				if (snprintf(near, sizeof near, "%s/zh_CN/LC_MESSAGES/" TB_TEXTDOMAIN ".mo", exe) <
				            (int)sizeof near &&
				    stat(near, &st) == 0) {
					snprintf(near, sizeof near, "%s", exe);
					dir = near;
				}
			}
		}
	}
	if (dir)
		bindtextdomain(TB_TEXTDOMAIN, dir);
	bind_textdomain_codeset(TB_TEXTDOMAIN, "UTF-8");
}

/* Per-thread language (the server answers each request in the language it asks for, and
 * gettext's choice is per process): catalogs are read from the same .mo files gettext uses,
 * once per language, and kept for the life of the process. */
typedef struct mo_catalog {
	char lang[16];
	unsigned char *data;
	size_t len;
	uint32_t n, orig, trans;
	int swap;
	struct mo_catalog *next;
} mo_catalog;

static pthread_mutex_t mo_lock = PTHREAD_MUTEX_INITIALIZER;
static mo_catalog *mo_list;
static _Thread_local const mo_catalog *tl_cat;
static _Thread_local int tl_set;

static uint32_t mo_u32(const mo_catalog *c, size_t off)
{
	uint32_t v;
	if (off + 4 > c->len)
		return 0;
	memcpy(&v, c->data + off, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

/* The string of table entry i (length, offset pairs), or NULL when it lies outside. */
static const char *mo_str(const mo_catalog *c, uint32_t table, uint32_t i)
{
	uint32_t len = mo_u32(c, (size_t)table + 8u * i), off = mo_u32(c, (size_t)table + 8u * i + 4);
	if ((size_t)off + len >= c->len || c->data[(size_t)off + len] != '\0')
		return NULL;
	return (const char *)c->data + off;
}

static mo_catalog *mo_load(const char *lang)
{
	const char *dir = bindtextdomain(TB_TEXTDOMAIN, NULL);
	char path[4096];
	mo_catalog *c;
	FILE *f;
	long size;
	uint32_t magic;

	if (!dir || snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, lang, TB_TEXTDOMAIN) >=
	                (int)sizeof path)
		return NULL;
	if (!(f = fopen(path, "rb")))
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 28 || size > (64L << 20) ||
	    fseek(f, 0, SEEK_SET) != 0 || !(c->data = malloc((size_t)size)) ||
	    fread(c->data, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		if (c)
			free(c->data);
		free(c);
		return NULL;
	}
	fclose(f);
	c->len = (size_t)size;
	memcpy(&magic, c->data, 4);
	c->swap = magic == 0xde120495u;
	if (magic != 0x950412deu && !c->swap) {
		free(c->data);
		free(c);
		return NULL;
	}
	c->n = mo_u32(c, 8);
	c->orig = mo_u32(c, 12);
	c->trans = mo_u32(c, 16);
	if ((size_t)c->orig + 8u * (size_t)c->n > c->len || (size_t)c->trans + 8u * (size_t)c->n > c->len)
		c->n = 0;
	snprintf(c->lang, sizeof c->lang, "%s", lang);
	return c;
}

/* msgfmt sorts the original strings, so a binary search finds a msgid. */
static const char *mo_lookup(const mo_catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = mo_str(c, c->orig, mid);
		int cmp;
		if (!s)
			return msgid;
		cmp = strcmp(msgid, s);
		if (cmp == 0) {
			const char *t = mo_str(c, c->trans, mid);
			return t && *t ? t : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

int tb_i18n_set_thread_language(const char *lang)
{
	mo_catalog *c;
	if (!lang) {
		tl_set = 0;
		tl_cat = NULL;
		return 0;
	}
	tl_set = 1;
	tl_cat = NULL;
	if (!*lang || !strcmp(lang, "en") || !strncmp(lang, "en_", 3) || !strcmp(lang, "C"))
		return 0;
	if (strlen(lang) >= sizeof c->lang || strchr(lang, '/') || strchr(lang, '.'))
		return -1;
	pthread_mutex_lock(&mo_lock);
	for (c = mo_list; c; c = c->next)
		if (!strcmp(c->lang, lang))
			break;
	if (!c && (c = mo_load(lang)) != NULL) {
		c->next = mo_list;
		mo_list = c;
	}
	pthread_mutex_unlock(&mo_lock);
	tl_cat = c;
	return c ? 0 : -1;
}

tb_i18n_choice tb_i18n_thread_choice(void)
{
	tb_i18n_choice c = {tl_set, tl_cat};
	return c;
}

void tb_i18n_thread_adopt(tb_i18n_choice c)
{
	tl_set = c.set;
	tl_cat = c.catalog; /* catalogs live as long as the process */
}

const char *tb_tr(const char *msgid)
{
	if (!msgid)
		return NULL;
	if (!tl_set)
		return dgettext(TB_TEXTDOMAIN, msgid);
	return tl_cat ? mo_lookup(tl_cat, msgid) : msgid;
}
