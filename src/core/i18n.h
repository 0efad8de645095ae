/* i18n.h: message translation. Messages are English msgids; catalogs live in po/. */
#ifndef TB_CORE_I18N_H
#define TB_CORE_I18N_H
#include <libintl.h>

#define TB_TEXTDOMAIN "tianbiao"
/* Translate now. */
#define _(s) dgettext(TB_TEXTDOMAIN, s)
/* Mark for extraction only; translated later (e.g. by tb_diag_add). */
#define N_(s) (s)

#endif
