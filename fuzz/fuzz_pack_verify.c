/* fuzz_pack_verify.c: verify's reading of a package or bag from hostile ZIP bytes: the bounded
 * reader, manifest and checksum parsing, BagIt manifests. Must never crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pack/vset.h"
#include "tianbiao/tb_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tb_ctx *ctx = NULL;
	vset s = {0};
	char *top = NULL;
	tb_status st;

	if (tb_ctx_new(&ctx) != TB_OK)
		return 0;
	st = vset_from_zip(ctx, "fuzz.zip", NULL, data, size, 200, 0, &s, &top);
	if ((st == TB_OK || st == TB_ERROR) && top) {
		/* The verdict is not the point: only crashes, leaks and undefined behaviour are. */
		if (vset_find(&s, "bagit.txt"))
			st = verify_bag_set(ctx, "fuzz.zip", &s, top);
		else
			st = verify_package_set(ctx, "fuzz.zip", &s, top, NULL);
	}
	vset_free(&s);
	free(top);
	tb_ctx_free(ctx);
	return 0;
}
