/* i18n.h: message translation. Messages are English msgids; catalogs live in po/. */
#ifndef TB_CORE_I18N_H
#define TB_CORE_I18N_H
#include <libintl.h>

#define TB_TEXTDOMAIN "tianbiao"
/* Translate now: through the calling thread's language when one is set
 * (tb_i18n_set_thread_language), else gettext's process-wide choice. */
const char *tb_tr(const char *msgid);
#define _(s) tb_tr(s)
/* Mark for extraction only; translated later (e.g. by tb_diag_add). */
#define N_(s) (s)

#endif
