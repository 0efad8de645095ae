/* subset.c: a face cut down to the glyphs one document draws, for embedding. */
#include <hb-subset.h>

#include "font/font_impl.h"

hb_face_t *tb_face_subset(const tb_face *face, const hb_set_t *cps)
{
	/* Tables a PDF viewer never reads: layout (shaping is done), hinting, bitmaps. */
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'),
		HB_TAG('v', 'm', 't', 'x'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('B', 'A', 'S', 'E'),
		HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
		HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
		HB_TAG('V', 'D', 'M', 'X'), HB_TAG('P', 'C', 'L', 'T')};
	hb_subset_input_t *in;
	hb_face_t *sub, *flat;
	hb_blob_t *blob;
	size_t i;

	in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_union(hb_subset_input_unicode_set(in), cps);
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	sub = hb_subset_or_fail(face->hbface, in);
	hb_subset_input_destroy(in);
	if (!sub)
		return NULL;
	/* hb 6 lists tables only of faces made from a blob, not of builder faces. */
	blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	flat = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	return flat;
}
