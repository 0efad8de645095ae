/* i18n.c: bind the message catalog: $TIANBIAO_LOCALEDIR (a build tree's locale/ when running
 * uninstalled), else the installed one. */
#include <libintl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/i18n.h"
#include "tianbiao/tb_core.h"

void tb_i18n_init(void)
{
	const char *dir = getenv("TIANBIAO_LOCALEDIR");
	struct stat st;

#ifdef TB_INSTALL_LOCALEDIR
	if (!dir && stat(TB_INSTALL_LOCALEDIR "/zh_CN/LC_MESSAGES/tianbiao.mo", &st) == 0)
		dir = TB_INSTALL_LOCALEDIR;
#endif
	if (dir)
		bindtextdomain(TB_TEXTDOMAIN, dir);
	bind_textdomain_codeset(TB_TEXTDOMAIN, "UTF-8");
}
