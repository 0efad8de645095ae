/* version.c: the library's version at run time, and the check of the version an options struct
 * was compiled with. */
#include "tianbiao/tb_version.h"

#include "core/ctx.h"
#include "core/i18n.h"

const char *tb_version(void)
{
	return TB_VERSION;
}

unsigned tb_version_number(void)
{
	return TB_VERSION_NUMBER;
}

tb_status tb_options_check(tb_ctx *ctx, const char *type, unsigned have, unsigned want)
{
	if (have == want)
		return TB_OK;
	if (ctx)
		tb_error(ctx, "api.version", NULL, 0, 0,
		         N_("Initialise options structs with their _INIT macro and rebuild against this "
		            "library's headers."),
		         N_("%s has version %u; this library reads version %u"), type, have, want);
	return TB_EINVAL;
}
