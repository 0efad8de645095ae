/* tiff_load.h: libtiff, opened on first use (core/lazylib.h): only TIFF pictures need it.
 * Include this instead of <tiffio.h>; the functions below are then calls through the table
 * (load it first: tb_lazylib_load(&tb_tiff_lib)). */
#ifndef TB_RENDER_TIFF_LOAD_H
#define TB_RENDER_TIFF_LOAD_H
#include <tiffio.h>

#include "core/lazylib.h"

/* Every libtiff function tianbiao calls: a new one goes here and below. */
#define TB_TIFF_FUNCS(X)                                                                      \
	X(TIFFClientOpenExt) X(TIFFClose) X(TIFFGetField) X(TIFFOpenOptionsAlloc)                 \
	X(TIFFOpenOptionsFree) X(TIFFOpenOptionsSetErrorHandlerExtR)                              \
	X(TIFFOpenOptionsSetMaxSingleMemAlloc) X(TIFFOpenOptionsSetWarningHandlerExtR)            \
	X(TIFFRGBAImageBegin) X(TIFFRGBAImageEnd) X(TIFFRGBAImageGet) X(TIFFRGBAImageOK)

enum {
#define X(f) TB_TIFF_##f,
	TB_TIFF_FUNCS(X)
#undef X
	TB_TIFF_N
};
extern tb_lazylib tb_tiff_lib;
extern void *tb_tiff_fn[TB_TIFF_N];

/* The function's own type, from libtiff's declaration (a name is not expanded again inside
 * its own macro, so &f below is libtiff's). */
#define TB_TIFF_CALL(f) ((__typeof__(&f))tb_tiff_fn[TB_TIFF_##f])
#define TIFFClientOpenExt TB_TIFF_CALL(TIFFClientOpenExt)
#define TIFFClose TB_TIFF_CALL(TIFFClose)
#define TIFFGetField TB_TIFF_CALL(TIFFGetField)
#define TIFFOpenOptionsAlloc TB_TIFF_CALL(TIFFOpenOptionsAlloc)
#define TIFFOpenOptionsFree TB_TIFF_CALL(TIFFOpenOptionsFree)
#define TIFFOpenOptionsSetErrorHandlerExtR TB_TIFF_CALL(TIFFOpenOptionsSetErrorHandlerExtR)
#define TIFFOpenOptionsSetMaxSingleMemAlloc TB_TIFF_CALL(TIFFOpenOptionsSetMaxSingleMemAlloc)
#define TIFFOpenOptionsSetWarningHandlerExtR TB_TIFF_CALL(TIFFOpenOptionsSetWarningHandlerExtR)
#define TIFFRGBAImageBegin TB_TIFF_CALL(TIFFRGBAImageBegin)
#define TIFFRGBAImageEnd TB_TIFF_CALL(TIFFRGBAImageEnd)
#define TIFFRGBAImageGet TB_TIFF_CALL(TIFFRGBAImageGet)
#define TIFFRGBAImageOK TB_TIFF_CALL(TIFFRGBAImageOK)

#endif
