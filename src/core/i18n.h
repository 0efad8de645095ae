/* i18n.h: message translation. Messages are English msgids; catalogs live in po/. */
#ifndef TB_CORE_I18N_H
#define TB_CORE_I18N_H
#include <libintl.h>

#define TB_TEXTDOMAIN "tianbiao"
/* Translate now: through the calling thread's language when one is set
 * (tb_i18n_set_thread_language), else gettext's process-wide choice. */
const char *tb_tr(const char *msgid);
#define _(s) tb_tr(s)
/* The calling thread's choice of language, to carry to a thread that works for it (whose
 * diagnostics then read as the caller's would); {0, NULL} is the process-wide choice. */
typedef struct tb_i18n_choice {
	int set;
	const void *catalog;
} tb_i18n_choice;
tb_i18n_choice tb_i18n_thread_choice(void);
void tb_i18n_thread_adopt(tb_i18n_choice c);
/* Mark for extraction only; translated later (e.g. by tb_diag_add). */
#define N_(s) (s)

#endif
