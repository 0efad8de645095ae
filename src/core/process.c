/* process.c: what a front end that owns its process sets up once (tb_process_init). */
#include <openssl/crypto.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "tianbiao/tb_core.h"

void tb_process_init(void)
{
	(void)OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	/* The same zone glibc reads when TZ is unset, named: unset, glibc stats /etc/localtime
	 * again at every mktime() and localtime(), and libzip calls them for each ZIP entry
	 * (282 stats per applicant of a batch). */
	if (!getenv("TZ"))
		(void)setenv("TZ", ":/etc/localtime", 0);
#ifdef __GLIBC__
	/* A document's big buffers (a PDF, a ZIP, a font program) come and go once per document.
	 * Left to glibc, those over its mmap threshold are mapped and unmapped each time, and the
	 * workers' arenas hand freed pages back as soon as their tops pass the trim threshold:
	 * the next document faults every page in again (a batch took 350 page faults per
	 * applicant, each 10-20 us on virtual machines). Served from the arenas and kept there,
	 * the pages are reused. Above 4 MiB the tops are trimmed still: a worker's arena is not
	 * trimmed otherwise when its thread ends (malloc_trim leaves a thread arena's top), and
	 * at 64 MiB a batch of 1,000 peaked 1.3 MiB higher while its summary sheets were made;
	 * at 4 MiB the faults are as few (batch of 100: 9,000 against 8,900 at 64 MiB). */
	(void)mallopt(M_MMAP_THRESHOLD, TB_PROCESS_MMAP_THRESHOLD);
	(void)mallopt(M_TRIM_THRESHOLD, TB_PROCESS_TRIM_THRESHOLD);
#endif
}

void tb_process_heap_huge(size_t bytes)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	/* Growing the heap `bytes` at a time, then marking what it grew as huge-page memory: a
	 * fresh fill touches 4-5 MB of heap, one page fault per 4 KiB page otherwise (10-20 us
	 * each on virtual machines). Only whole 2 MiB pages inside the heap qualify. */
	const uintptr_t huge = (uintptr_t)2 << 20;
	char *p, *hi;
	uintptr_t lo;
	if (!bytes || bytes > (size_t)INT32_MAX || !mallopt(M_TOP_PAD, (int)bytes) ||
	    !(p = malloc((size_t)1 << 20)))
		return;
	hi = sbrk(0);
	lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	/* p from the heap (not an mmap of its own): the padding just grown lies between */
	if (hi != (char *)-1 && (uintptr_t)p < (uintptr_t)hi && (uintptr_t)hi - (uintptr_t)p <= 2 * bytes &&
	    (uintptr_t)hi > lo + huge)
		(void)madvise((void *)lo, (uintptr_t)hi - lo, MADV_HUGEPAGE);
	free(p);
#else
	(void)bytes;
#endif
}
