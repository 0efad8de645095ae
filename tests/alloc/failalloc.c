/* failalloc.c: the failing-allocator run. malloc and its family are replaced in this program
 * (a plain build: no sanitizer, whose own allocator would be in the way), so every allocation
 * of the library and of libxml2, HarfBuzz, libharu, libzip, fontconfig, zlib and OpenSSL comes
 * through here. For N = 1, 2, ... the N-th allocation of one operation fails; the operation
 * must then end without a crash, free everything it allocated (each pointer handed out while
 * the run is armed is tracked until freed), and either fail with a status or give exactly the
 * bytes of the run without failure: an allocation failure may never change an output silently.
 *
 * Allocations are counted in two classes by the caller's address: the library's own (called
 * from this program's text, where libtianbiao.a is linked; strdup and strndup are replaced
 * too, so theirs count as their caller's) and the other libraries'. A run fails the N-th of
 * one class; --class picks it.
 *
 * Each run is a child process (-j of them at a time), so a crash is one finding among others.
 *
 *   failalloc fill|fill2|pdf|png TEMPLATE DATA [--class own|other] [--from N] [--to N]
 *             [--stride S] [-j JOBS]
 *
 * fill2 fills twice in one context and checks the second fill: it takes the template the
 * first one prepared (fill/prepared.c), so a failure in the first must not leave a wrong one
 * kept, and a failure while copying the kept one must fail the second.
 *
 * prints the allocations of one run and a line per finding; exit 1 on any finding. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <link.h>
#include <malloc.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/writer.h"
#include "font/font.h"
#include "tianbiao/tianbiao.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

/* ---- the allocator ---- */

#define SLOTS (1u << 20) /* pointers live at once while armed */
static uintptr_t *slots;  /* open addressing, 0 = empty */
static const void **where; /* the caller that allocated each slot's block */
static size_t live;
static int armed;
static unsigned long count[2], fail_at; /* [0] the library's own, [1] the others' */
static int fail_class;
static int failed;
static int trace; /* $FAILALLOC_TRACE: print the stack of the failed allocation */
extern const char __executable_start[], etext[];

static int other(const void *ra)
{
	return !((const char *)ra >= __executable_start && (const char *)ra < etext);
}

static size_t slot_of(uintptr_t p)
{
	return (size_t)((p >> 4) * 0x9E3779B97F4A7C15ull >> 42) & (SLOTS - 1);
}

static void track(void *p, const void *ra)
{
	size_t i;
	if (!p || !slots)
		return;
	for (i = slot_of((uintptr_t)p); slots[i]; i = (i + 1) & (SLOTS - 1))
		;
	slots[i] = (uintptr_t)p;
	where[i] = ra;
	live++;
}

/* Forget p; 0 if it was not handed out while armed. Backward-shift deletion keeps probes
 * intact without tombstones. */
static int untrack(void *p)
{
	size_t i, j, k;
	if (!p || !slots)
		return 0;
	for (i = slot_of((uintptr_t)p); slots[i] != (uintptr_t)p; i = (i + 1) & (SLOTS - 1))
		if (!slots[i])
			return 0;
	slots[i] = 0;
	live--;
	for (j = (i + 1) & (SLOTS - 1); slots[j]; j = (j + 1) & (SLOTS - 1)) {
		k = slot_of(slots[j]);
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			slots[i] = slots[j];
			where[i] = where[j];
			slots[j] = 0;
			i = j;
		}
	}
	return 1;
}

/* ---- libxml2's own defects on its out-of-memory paths ----
 * Failing these allocations shows libxml2 2.9.14's bugs, not ours. They are known by where
 * libxml2 made the call, as offsets in the one build they were read from (Debian 12's
 * 2.9.14+dfsg-1.3~deb12u6, told by its GNU build-id; in any other build none applies and
 * the sweeps show what that one does). Function extents from its .eh_frame (readelf
 * --debug-dump=frames); the static ones named from libxml2's source. */
typedef struct known_defect {
	unsigned long lo, hi; /* a return address in [lo, hi) on the failed allocation's stack */
	int spare;            /* 1: do not fail it (libxml2 crashes); 0: its blocks left are libxml2's */
	const char *what;
} known_defect;

static const char libxml2_build_id[] = "ebdcce48240ad7b369df4d87ab5252b3f91d4eca";
static const known_defect libxml2_defects[] = {
	/* tree.c xmlStaticCopyNodeList: when one node's copy fails, returns NULL and drops the
	 * copies made so far (xmlDocCopyNode with children) */
	{0x68cc0, 0x6903b, 0, "xmlStaticCopyNodeList drops the list copied so far"},
	/* tree.c xmlCopyPropInternal, called for each attribute by xmlCopyPropList, which
	 * likewise drops the attributes copied so far */
	{0x69040, 0x692e0, 0, "xmlCopyPropList drops the attributes copied so far"},
	/* xpath.c xmlXPathTryStreamCompile (inlined in xmlXPathCompile): when the expression
	 * cannot be allocated it returns NULL and drops the compiled pattern ("allocating
	 * streamable expression") */
	{0xb75d7, 0xb75d8, 0, "xmlXPathCompile drops its stream pattern"},
	/* xpath.c xmlXPathCompiledEvalInternal: the two allocations of xmlXPathCompParserContext
	 * (inlined: the context, then its value stack); when either fails, NULL comes back and
	 * is used unchecked (xmlXPathCompiledEval crashes) */
	{0xb6526, 0xb6527, 1, "xmlXPathCompiledEval uses a parser context it could not make"},
	{0xb6562, 0xb6563, 1, "xmlXPathCompiledEval uses a parser context it could not make"},
};
static uintptr_t libxml2_base; /* where that build is loaded; 0 if another is */
static int known_leak, spared; /* this run's failed allocation was at a known defect */
/* fill2: the first fill ended with an error status. A known defect met there leaves
 * libxml2's blocks while the second fill, which is what fill2 checks, succeeds. */
static int first_failed;

static int find_libxml2(struct dl_phdr_info *info, size_t size, void *user)
{
	int i;
	(void)size;
	(void)user;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "libxml2.so"))
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const char *p, *end;
		if (info->dlpi_phdr[i].p_type != PT_NOTE)
			continue;
		p = (const char *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
		end = p + info->dlpi_phdr[i].p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const void *)p;
			const unsigned char *desc = (const unsigned char *)(p + sizeof *nh + ((nh->n_namesz + 3) & ~3u));
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_descsz * 2 + 1 == sizeof libxml2_build_id) {
				char hex[sizeof libxml2_build_id];
				unsigned k;
				for (k = 0; k < nh->n_descsz; k++)
					snprintf(hex + 2 * k, 3, "%02x", desc[k]);
				if (!strcmp(hex, libxml2_build_id))
					libxml2_base = info->dlpi_addr;
			}
			p += sizeof *nh + ((nh->n_namesz + 3) & ~3u) + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

/* 1 if the allocation being failed is to be spared; sets known_leak for the leak kind. */
static int at_known_defect(void)
{
	void *frames[48];
	int k, n;
	size_t i;
	if (!libxml2_base)
		return 0;
	n = backtrace(frames, 48);
	for (k = 0; k < n; k++) {
		uintptr_t off = (uintptr_t)frames[k] - libxml2_base;
		for (i = 0; i < sizeof libxml2_defects / sizeof libxml2_defects[0]; i++)
			if (off >= libxml2_defects[i].lo && off < libxml2_defects[i].hi) {
				if (libxml2_defects[i].spare)
					return 1;
				known_leak = 1;
			}
	}
	return 0;
}

/* Count an allocation by the caller at `ra`; 1 if this one is to fail. */
static int next_fails(const void *ra)
{
	int c;
	if (!armed)
		return 0;
	c = other(ra);
	if (++count[c] == fail_at && c == fail_class) {
		if (at_known_defect()) {
			spared = 1;
			return 0;
		}
		failed = 1;
		if (trace) {
			void *frames[40];
			int k = backtrace(frames, 40);
			backtrace_symbols_fd(frames, k, 2); /* addr2line -e failalloc -f -i OFFSET */
		}
		return 1;
	}
	return 0;
}

static void *alloc(size_t n, const void *ra)
{
	void *p;
	if (next_fails(ra))
		return NULL;
	p = __libc_malloc(n);
	if (armed)
		track(p, ra);
	return p;
}

void *malloc(size_t n)
{
	return alloc(n, __builtin_return_address(0));
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = alloc(n, __builtin_return_address(0));
	return p ? memcpy(p, s, n) : NULL;
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = alloc(n + 1, __builtin_return_address(0));
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *calloc(size_t a, size_t b)
{
	void *p;
	if (next_fails(__builtin_return_address(0)))
		return NULL;
	p = __libc_calloc(a, b);
	if (armed)
		track(p, __builtin_return_address(0));
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p;
	int mine;
	if (!old)
		return alloc(n, __builtin_return_address(0));
	if (n == 0) {
		free(old);
		return NULL;
	}
	if (next_fails(__builtin_return_address(0)))
		return NULL;
	mine = armed && untrack(old);
	p = __libc_realloc(old, n);
	if (mine)
		track(p ? p : old, __builtin_return_address(0)); /* a failed realloc keeps the old block */
	return p;
}

void free(void *p)
{
	if (armed)
		untrack(p);
	__libc_free(p);
}

static void *aligned(size_t align, size_t n, const void *ra)
{
	void *p;
	if (next_fails(ra))
		return NULL;
	p = __libc_memalign(align, n);
	if (armed)
		track(p, ra);
	return p;
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p = aligned(align, n, __builtin_return_address(0));
	if (!p)
		return 12; /* ENOMEM */
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	return aligned(align, n, __builtin_return_address(0));
}

void *memalign(size_t align, size_t n)
{
	return aligned(align, n, __builtin_return_address(0));
}

/* libxml2 2.9 seeds its dictionaries' and hash tables' hashing with time(NULL) (dict.c,
 * __xmlRandom), and where their tables grow varies with the seed: the N-th allocation would
 * be another one from one second to the next. A fixed clock makes a run's allocations the
 * same from one invocation to the next, so a range of them names the same call-sites. */
time_t time(time_t *t)
{
	if (t)
		*t = 1700000000;
	return 1700000000;
}

static volatile sig_atomic_t current_n;

/* With $FAILALLOC_TRACE, a crashing run prints where it crashed too. */
static void on_crash(int sig)
{
	void *frames[40];
	int k = backtrace(frames, 40);
	static const char say[] = "---- crashed at:\n";
	(void)!write(2, say, sizeof say - 1);
	backtrace_symbols_fd(frames, k, 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- the operations ---- */

typedef struct inputs {
	const char *op, *data_name;
	char *tmpl, *data, *filled;
	size_t tlen, dlen, flen;
} inputs;

/* One run from a fresh context to its end; the output bytes in *out. */
static tb_status run(const inputs *in, tb_buf *out)
{
	tb_ctx *ctx = NULL;
	tb_writer w = tb_writer_buf(out);
	tb_status st = tb_ctx_new(&ctx);

	if (st != TB_OK)
		return st;
	if (!strcmp(in->op, "fill2")) {
		tb_buf first = TB_BUF_INIT;
		tb_writer w1 = tb_writer_buf(&first);
		first_failed = tb_fill_mem(ctx, "form.docx", in->tmpl, in->tlen, in->data_name, in->data,
		                           in->dlen, &w1, NULL) != TB_OK;
		tb_buf_free(&first);
		tb_diag_clear(ctx);
	}
	if (!strcmp(in->op, "fill") || !strcmp(in->op, "fill2")) {
		st = tb_fill_mem(ctx, "form.docx", in->tmpl, in->tlen, in->data_name, in->data, in->dlen,
		                 &w, NULL);
	} else {
		tb_render_options ro = TB_RENDER_OPTIONS_INIT;
		ro.format = in->op; /* pdf or png */
		st = tb_render_mem(ctx, "filled.docx", in->filled, in->flen, &w, &ro);
	}
	if (st != TB_OK && !armed)
		tb_diag_print(ctx, stderr); /* the runs without failures must succeed */
	tb_ctx_free(ctx);
	return st;
}

static const char *const class_name[2] = {"own", "other"};

/* Where the blocks still tracked were allocated: the caller's offset in its file, for
 * addr2line -f -i -e FILE OFFSET. */
static void print_live(void)
{
	size_t k, shown = 0;
	printf(" allocated at");
	for (k = 0; k < SLOTS; k++)
		if (slots[k] && shown++ < 4) {
			Dl_info di;
			if (other(where[k]) && dladdr(where[k], &di) && di.dli_fname)
				printf(" %s+0x%lx", strrchr(di.dli_fname, '/') ? strrchr(di.dli_fname, '/') + 1 : di.dli_fname,
				       (unsigned long)((const char *)where[k] - (const char *)di.dli_fbase));
			else
				printf(" 0x%lx", (unsigned long)((const char *)where[k] - __executable_start));
		}
	printf("\n");
}

/* One run with the n-th allocation failing, in a child: 0 if it ended with an error status,
 * 1 if it gave the reference output, 2 after printing a finding. */
static int one(const inputs *in, const tb_buf *ref, unsigned long n)
{
	tb_buf out = TB_BUF_INIT;
	tb_status st;
	int r;

	count[0] = count[1] = 0, fail_at = n, failed = 0, live = 0, known_leak = 0, spared = 0;
	first_failed = 0;
	current_n = (sig_atomic_t)n;
	if (trace) {
		signal(SIGSEGV, on_crash);
		signal(SIGABRT, on_crash);
	}
	armed = 1;
	st = run(in, &out);
	/* libxml2 keeps a copy of the last error it raised (message, file, strings: one per
	 * thread, __xmlRaiseError's XML_GET_VAR_STR and xmlStrdup) until the next error: its
	 * state, not the operation's, and the run without failures raises none. */
	xmlResetLastError();
	armed = 0;
	untrack(out.data); /* the output is the caller's */
	if (live && known_leak && (st != TB_OK || first_failed)) {
		r = 3; /* libxml2's blocks, lost by its own defect; the run failed as it should */
	} else if (spared) {
		r = 3; /* not failed: see libxml2_defects */
	} else if (live) {
		printf("%s allocation %lu failed: %zu blocks not freed (status %s),",
		       class_name[fail_class], n, live, tb_strerror(st));
		print_live();
		r = 2;
	} else if (st != TB_OK) {
		r = 0;
	} else if (out.len != ref->len || memcmp(out.data, ref->data, ref->len) != 0) {
		printf("%s allocation %lu failed: status OK but the output differs (%zu bytes, not "
		       "%zu)\n", class_name[fail_class], n, out.len, ref->len);
		r = 2;
	} else {
		r = 1;
	}
	fflush(stdout);
	return r;
}

int main(int argc, char **argv)
{
	inputs in;
	tb_buf ref = TB_BUF_INIT;
	tb_ctx *ctx = NULL;
	unsigned long from = 1, to = 0, stride = 1, total, n, errors = 0, absorbed = 0, runs = 0, known = 0;
	int findings = 0, i, jobs = 1, running = 0;
	struct {
		pid_t pid;
		unsigned long n;
	} pids[64];

	if (argc < 4) {
		fprintf(stderr, "usage: failalloc fill|fill2|pdf|png TEMPLATE DATA [--from N] [--to N] [--stride S]\n");
		return 2;
	}
	memset(&in, 0, sizeof in);
	in.op = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("FAILALLOC_TRACE")) {
		void *frames[2];
		(void)backtrace(frames, 2); /* loads libgcc now, not while failing */
		trace = 1;
	}
	/* With TZ unset, glibc's tzset copies "/etc/localtime" anew on every mktime (libzip's)
	 * and keeps the last copy: a block libc holds, not the operation's. A set TZ is copied
	 * once. */
	if (!getenv("TZ"))
		setenv("TZ", "UTC0", 1);
	in.data_name = argv[3];
	for (i = 4; i + 1 < argc; i += 2) {
		unsigned long v = strtoul(argv[i + 1], NULL, 10);
		if (!strcmp(argv[i], "--from"))
			from = v ? v : 1;
		else if (!strcmp(argv[i], "--to"))
			to = v;
		else if (!strcmp(argv[i], "--stride"))
			stride = v ? v : 1;
		else if (!strcmp(argv[i], "--class"))
			fail_class = !strcmp(argv[i + 1], "other");
		else if (!strcmp(argv[i], "-j"))
			jobs = v < 1 ? 1 : v > 64 ? 64 : (int)v;
	}
	dl_iterate_phdr(find_libxml2, NULL);
	if (libxml2_base) {
		void *frames[2];
		(void)backtrace(frames, 2); /* loads libgcc now, not while failing */
	}
	slots = __libc_calloc(SLOTS, sizeof *slots);
	where = __libc_calloc(SLOTS, sizeof *where);
	if (!slots || !where || tb_ctx_new(&ctx) != TB_OK ||
	    tb_file_read(ctx, argv[2], 64u << 20, &in.tmpl, &in.tlen) != TB_OK ||
	    tb_file_read(ctx, argv[3], 64u << 20, &in.data, &in.dlen) != TB_OK) {
		fprintf(stderr, "failalloc: cannot read the inputs\n");
		return 2;
	}
	{
		/* The document the render operations start from: the filled form. */
		tb_buf b = TB_BUF_INIT;
		tb_writer w = tb_writer_buf(&b);
		if (tb_fill_mem(ctx, "form.docx", in.tmpl, in.tlen, in.data_name, in.data, in.dlen, &w,
		                NULL) != TB_OK) {
			tb_diag_print(ctx, stderr);
			return 2;
		}
		in.filled = tb_buf_detach(&b, &in.flen);
	}
	{
		/* HarfBuzz keeps the language of every name-table record it reads in a process-wide
		 * list (hb_language_from_string) that lives until exit. A failed allocation can send
		 * a run to a fallback face the unfailed run never opens, and that face's languages
		 * would show as HarfBuzz blocks not freed (own allocations 814-817 of the PDF and PNG
		 * renders). Open every face of the font map's chains once here, before the runs
		 * fork: a code point no face has walks them all. */
		tb_fonts *fm;
		if (tb_fonts_get(ctx, &fm) == TB_OK)
			(void)tb_fonts_face_for(fm, NULL, 0x10FFFD);
	}
	tb_ctx_free(ctx);

	/* Warm up (the libraries' one-time set-up is not the operation's), then count. */
	if (run(&in, &ref) != TB_OK) {
		fprintf(stderr, "failalloc: %s fails without failing allocations\n", in.op);
		return 2;
	}
	tb_buf_reset(&ref);
	count[0] = count[1] = 0, fail_at = 0, live = 0, armed = 1;
	if (run(&in, &ref) != TB_OK)
		findings++;
	armed = 0;
	untrack(ref.data); /* the output is the caller's (a finished PDF is handed over whole) */
	total = count[fail_class];
	printf("%s: %lu allocations in one run (%lu by the library, %lu by the others), %zu not "
	       "freed\n", in.op, count[0] + count[1], count[0], count[1], live);
	if (live) {
		printf("the run without failures leaks:");
		print_live();
		findings++;
	}
	if (!to || to > total)
		to = total;

	/* Each failed allocation in a child process, `jobs` at a time: a crash is reported and
	 * the sweep goes on. */
	for (n = from; n <= to || running > 0;) {
		int status;
		pid_t pid;
		if (n <= to && running < jobs) {
			pid = fork();
			if (pid == 0)
				_exit(one(&in, &ref, n));
			if (pid < 0) {
				perror("fork");
				return 2;
			}
			pids[running].pid = pid;
			pids[running].n = n;
			running++;
			n += stride;
			continue;
		}
		pid = wait(&status);
		for (i = 0; i < running && pids[i].pid != pid; i++)
			;
		if (i == running)
			continue;
		runs++;
		if (WIFSIGNALED(status)) {
			printf("%s allocation %lu failed: CRASH (signal %d)\n", class_name[fail_class],
			       pids[i].n, WTERMSIG(status));
			findings++;
		} else if (WEXITSTATUS(status) == 0) {
			errors++;
		} else if (WEXITSTATUS(status) == 1) {
			absorbed++;
		} else if (WEXITSTATUS(status) == 3) {
			known++;
		} else {
			findings++;
		}
		pids[i] = pids[--running];
	}
	printf("%s: failed %s allocation %lu..%lu step %lu: %lu runs, %lu ended with an error "
	       "status, %lu gave the same output, %lu at libxml2's known defects, %d finding(s)\n",
	       in.op, class_name[fail_class], from, to, stride, runs, errors, absorbed, known,
	       findings);
	tb_buf_free(&ref);
	free(in.tmpl);
	free(in.data);
	free(in.filled);
	return findings ? 1 : 0;
}
