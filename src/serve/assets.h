/* assets.h: files compiled into the library (cmake/embed.cmake makes the table). */
#ifndef TB_SERVE_ASSETS_H
#define TB_SERVE_ASSETS_H
#include <stddef.h>

typedef struct tb_asset {
	const char *name;
	const unsigned char *data; /* NUL-terminated */
	size_t len;
} tb_asset;

extern const tb_asset tb_serve_assets[]; /* ends with a NULL name */

#endif
