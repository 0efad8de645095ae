/* hpdf_internal.h: libharu's internal object model (documents, dictionaries, streams, the
 * cross-reference list, page attributes), for the few files of the PDF device that build
 * or write objects libharu has no public function for: pdf_hpdf.c, pdf_cidfont.c and
 * pdf_save.c. The build does not define HPDF_SHARED, so hpdf.h exposes the real records;
 * their layout is that of libharu 2.3.0 (Debian 12's libhpdf 2.3.0+dfsg). 2.4.x changed
 * HPDF_Doc_Rec (pdfa_type): check these files when the library moves. */
#ifndef TB_RENDER_HPDF_INTERNAL_H
#define TB_RENDER_HPDF_INTERNAL_H
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#if !defined(HPDF_MAJOR_VERSION) || HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "the PDF device is written against libharu 2.3.x internals"
#endif

#endif
