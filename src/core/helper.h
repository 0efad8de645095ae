/* helper.h: one thread beside the main one, for a process that makes a document and exits (a
 * command-line fill). It does the process's early work first (fontconfig's set-up, started by
 * font/ at the command's start), then the jobs posted to it, in turn (an evidence's
 * validation, fill/validate_beside.c). In the usual order of things neither thread waits for
 * the other: the job is posted while the early work still runs, and the main thread reads
 * the template before it needs fonts. A second thread of its own for the job was slower: with
 * three runnable threads on two cores, or a wake-up that placed the main thread behind
 * another, the main thread lost what the job saved. */
#ifndef TB_CORE_HELPER_H
#define TB_CORE_HELPER_H
#include <stdbool.h>

/* Start the helper with its early work, once per process; false when it is already started
 * or cannot be (the caller does the work itself, later). */
bool tb_helper_start(void (*early)(void));
/* Wait until the early work is done (at once when there is no helper). */
void tb_helper_wait_early(void);
/* Post fn(arg) to the helper; NULL when there is none (the caller runs it itself). */
typedef struct tb_helper_job tb_helper_job;
tb_helper_job *tb_helper_post(void (*fn)(void *), void *arg);
/* Wait until the job has run; the job is forgotten. */
void tb_helper_join(tb_helper_job *job);

#endif
