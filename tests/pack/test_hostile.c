/* test_hostile.c: issue 17's faults that need a file to change at a precise moment, which
 * only the library's own seams (a loaded applicant, the batch's progress callback) can time:
 * a package holds exactly the bytes it was checked against, or it is not written. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "check_diag.h"
#include "core/ctx.h"
#include "core/digest.h"
#include "core/file.h"
#include "pack/app.h"
#include "pack/pack.h"
#include "pack/zipw.h"
#include "tianbiao/tb_pack.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A fresh folder of generated applicants (tests/pack/gen_applicants.py). */
static void generate(const char *dir, int n)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && python3 '%s' '%s' %d --size 3000 >/dev/null", dir,
	         src_path("tests/pack/gen_applicants.py"), dir, n);
	CHECK(system(cmd) == 0);
}

/* Files in `dir` whose names contain "tmp" (a temporary left behind). */
static int tmp_debris(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d)))
		if (strstr(de->d_name, "tmp"))
			n++;
	if (d)
		closedir(d);
	return n;
}

/* Item 2: the attachment is replaced after validation. The package must not be written: its
 * evidence.xml would declare one SHA-256 and its file have another. */
TEST(attachment_replaced_after_validation)
{
	tb_ctx *ctx;
	pack_app *app = NULL;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("hostile-build", 1);
	CHECK(pack_app_load(ctx, "hostile-build/A0001/evidence.xml", NULL, NULL, &app) == TB_OK);
	write_file("hostile-build/A0001/files/meeting-minutes-2021.pdf", "%PDF-1.4 replaced\n");
	unlink("hostile-build/out.zip");
	CHECK(app && pack_build_app(ctx, app, "hostile-build/out.zip", NULL, "out", NULL, NULL) ==
	             TB_ERROR);
	CHECK(has_code(ctx, "attachment.sha256"));
	CHECK(!tb_file_exists("hostile-build/out.zip"));
	CHECK_EQ_INT(tmp_debris("hostile-build"), 0);
	pack_app_free(app);
	tb_ctx_free(ctx);
}

/* Items 2 and 14: an attachment is streamed into the archive, read a second time when the
 * archive is written. Replaced (same size or not) between the listing and that read, the
 * archive is not written: the package would list other bytes than it holds. */
TEST(file_replaced_while_streamed)
{
	static const char *const replacement[] = {"REPLACED bytes!", "original bytes!+", "orig"};
	tb_ctx *ctx;
	char hex[TB_DIGEST_HEX_MAX];
	size_t k;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(system("rm -rf hostile-stream && mkdir hostile-stream") == 0);
	CHECK(tb_digest_mem(TB_SHA256, "original bytes!", 15, hex) == TB_OK);
	for (k = 0; k <= 3; k++) {
		pack_zipw *w = NULL;
		tb_status st;
		write_file("hostile-stream/a.bin", "original bytes!");
		CHECK(pack_zipw_new(ctx, 0, NULL, &w) == TB_OK);
		CHECK(pack_zipw_add_copy(w, "p/manifest.xml", "<m/>", 4) == TB_OK);
		CHECK(pack_zipw_add_file(w, "p/a.bin", "hostile-stream/a.bin", 15, hex, k & 1) == TB_OK);
		if (k < 3) /* the last round leaves the file as listed */
			write_file("hostile-stream/a.bin", replacement[k]);
		tb_diag_clear(ctx);
		st = pack_zipw_commit(w, "hostile-stream/out.zip", NULL, NULL);
		if (k < 3) {
			CHECK(st == TB_ERROR);
			CHECK(has_code(ctx, "io.changed"));
			CHECK(!tb_file_exists("hostile-stream/out.zip"));
			CHECK_EQ_INT(tmp_debris("hostile-stream"), 0);
		} else {
			CHECK(st == TB_OK);
			CHECK(system("unzip -p hostile-stream/out.zip p/a.bin | cmp -s - "
			             "hostile-stream/a.bin") == 0);
		}
	}
	tb_ctx_free(ctx);
}

/* Item 14: build streams attachments, so its memory does not grow with them. Measured in a
 * child (its peak RSS from the parent's), across builds of the same applicant: the third,
 * with a 160 MB attachment (sparse), must peak less than 128 MB above the second (it held all
 * 160 MB when attachments were read whole). A Release build measures 0 MB; under
 * AddressSanitizer the streamed chunks sit in its quarantine of freed memory (64 and 65 MB
 * were measured), so the bound is what reading the file whole would pass, not 64. Two builds first, so that the context's parsed
 * parts are as they stay: the first parses Word's styles.xml pruned, the second whole and
 * keeps it (doc_util.c). */
TEST(build_streams_attachments)
{
	pid_t pid;
	int status = 0;
	generate("hostile-mem", 1);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		tb_ctx *ctx;
		pack_app *app = NULL;
		struct rusage r0, r1;
		int ok = tb_ctx_new(&ctx) == TB_OK &&
		         pack_app_load(ctx, "hostile-mem/A0001/evidence.xml", NULL, NULL, &app) == TB_OK &&
		         pack_build_app(ctx, app, "hostile-mem/a.zip", NULL, "a", NULL, NULL) == TB_OK &&
		         pack_build_app(ctx, app, "hostile-mem/a.zip", NULL, "a", NULL, NULL) == TB_OK &&
		         truncate("hostile-mem/A0001/files/robotics-workshop.jpg", (off_t)160 << 20) == 0 &&
		         getrusage(RUSAGE_SELF, &r0) == 0 &&
		         pack_build_app(ctx, app, "hostile-mem/b.zip", NULL, "b", NULL, NULL) == TB_OK &&
		         getrusage(RUSAGE_SELF, &r1) == 0;
		if (!ok)
			_exit(254);
		_exit((int)((r1.ru_maxrss - r0.ru_maxrss) / 1024 > 250 ? 250
		                                                        : (r1.ru_maxrss - r0.ru_maxrss) / 1024));
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	fprintf(stderr, "build with a 160 MB attachment: peak %d MB above the same build without\n",
	        WEXITSTATUS(status));
	CHECK(WEXITSTATUS(status) < 128);
	CHECK(system("test $(stat -c %s hostile-mem/b.zip) -gt 160000000") == 0);
	CHECK(system("rm -rf hostile-mem") == 0);
}

/* Item 14: a package's attachments together are capped (a policy, not memory: they are
 * streamed): two of 1.1 GB (each over the one-file limit too, but the total is checked first,
 * from the sizes; sparse files, so nothing is really written or read) are refused before any
 * is read, with pack.limit, and nothing is written. */
TEST(attachments_over_the_total_cap)
{
	tb_ctx *ctx;
	pack_app *app = NULL;
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("hostile-big", 1);
	CHECK(pack_app_load(ctx, "hostile-big/A0001/evidence.xml", NULL, NULL, &app) == TB_OK);
	CHECK(truncate("hostile-big/A0001/files/robotics-workshop.jpg", (off_t)1100 << 20) == 0);
	CHECK(truncate("hostile-big/A0001/files/meeting-minutes-2021.pdf", (off_t)1100 << 20) == 0);
	unlink("hostile-big/out.zip");
	CHECK(app && pack_build_app(ctx, app, "hostile-big/out.zip", NULL, "out", NULL, NULL) ==
	             TB_ELIMIT);
	CHECK(has_code(ctx, "pack.limit"));
	CHECK(!tb_file_exists("hostile-big/out.zip"));
	CHECK_EQ_INT(tmp_debris("hostile-big"), 0);
	pack_app_free(app);
	tb_ctx_free(ctx);
	CHECK(system("rm -rf hostile-big") == 0);
}

typedef struct editor {
	char path[4096];
	int edits;
} editor;

/* At the start of the build phase of the first applicant, edit one of its attachments (one
 * the evidence gives no sha256 for, so only the batch's own hashing knows its bytes). */
static void edit_on_start(void *user, const tb_batch_progress *p)
{
	editor *e = user;
	if (!p->current || e->edits++)
		return;
	snprintf(e->path + strlen(e->path), sizeof e->path - strlen(e->path),
	         "/%s/files/robotics-workshop.jpg", p->current);
	write_file(e->path, "edited between hashing and packing");
}

/* Item 1: an attachment edited between the batch's hashing phase and its packing phase (and
 * restored afterwards) must not end up packed under the digest of the other bytes, where
 * every later run would call it unchanged. */
TEST(attachment_edited_between_hash_and_pack)
{
	tb_ctx *ctx;
	tb_batch_options o = TB_BATCH_OPTIONS_INIT;
	tb_batch_result r;
	editor e;
	char *orig = NULL, *again = NULL;
	size_t olen = 0, alen = 0;

	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("hostile-batch", 2);
	CHECK(system("rm -rf hostile-batch-out") == 0);
	memset(&e, 0, sizeof e);
	strcpy(e.path, "hostile-batch");
	o.jobs = 1;
	o.progress = edit_on_start;
	o.progress_user = &e;
	CHECK(tb_file_read(ctx, "hostile-batch/A0001/files/robotics-workshop.jpg", 1 << 20, &orig,
	                   &olen) == TB_OK);
	CHECK(tb_pack_batch(ctx, "hostile-batch", "hostile-batch-out", &o, &r) == TB_ERROR);
	CHECK(has_code(ctx, "attachment.changed"));
	CHECK_EQ_INT(r.failed, 1);
	CHECK_EQ_INT(r.built, 1);
	CHECK(e.edits > 0);
	/* restore the edited file (in whichever applicant it was): the re-run must build it */
	if (e.edits) {
		FILE *f = fopen(e.path, "wb");
		CHECK(f && fwrite(orig, 1, olen, f) == olen);
		if (f)
			fclose(f);
	}
	tb_diag_clear(ctx);
	o.progress = NULL;
	CHECK(tb_pack_batch(ctx, "hostile-batch", "hostile-batch-out", &o, &r) == TB_OK);
	CHECK_EQ_INT(r.built, 1);
	CHECK_EQ_INT(r.unchanged, 1);
	CHECK(tb_pack_verify(ctx, "hostile-batch-out", NULL) == TB_OK);
	/* and the packaged bytes are the restored ones */
	CHECK(system("cd hostile-batch-out && rm -rf x && mkdir x && cd x && "
	             "for z in ../packages/*.zip; do unzip -q $z; done") == 0);
	CHECK(system("cmp -s hostile-batch/A0001/files/robotics-workshop.jpg "
	             "hostile-batch-out/x/A0001/evidence/003-*.jpg") == 0);
	CHECK(tb_file_read(ctx, e.path, 1 << 20, &again, &alen) == TB_OK);
	CHECK(alen == olen);
	free(orig);
	free(again);
	tb_ctx_free(ctx);
}

static char *saved_evidence; /* the edited evidence's original bytes, to restore */

/* At the start of the first applicant's build phase, change its evidence (still valid, one
 * postcode digit), keeping the original bytes to restore. */
static void edit_evidence_on_start(void *user, const tb_batch_progress *p)
{
	editor *e = user;
	char *data = NULL, *at;
	size_t len = 0;
	tb_ctx *t;
	if (!p->current || e->edits++ || tb_ctx_new(&t) != TB_OK)
		return;
	snprintf(e->path + strlen(e->path), sizeof e->path - strlen(e->path), "/%s/evidence.xml",
	         p->current);
	if (tb_file_read(t, e->path, 1 << 22, &data, &len) == TB_OK &&
	    (at = strstr(data, "<postcode>066000<"))) {
		saved_evidence = strdup(data);
		memcpy(at + strlen("<postcode>066"), "999", 3);
		write_file(e->path, data);
	}
	free(data);
	tb_ctx_free(t);
}

/* Item 1 for the evidence itself: edited after the batch validated and hashed it, before its
 * package is built (then restored). The package must not be made from the edited bytes under
 * the input digest of the validated ones, where every later run would call it unchanged. */
TEST(evidence_edited_between_validation_and_pack)
{
	tb_ctx *ctx;
	tb_batch_options o = TB_BATCH_OPTIONS_INIT;
	tb_batch_result r;
	editor e;

	CHECK(tb_ctx_new(&ctx) == TB_OK);
	generate("hostile-ev", 2);
	CHECK(system("rm -rf hostile-ev-out") == 0);
	memset(&e, 0, sizeof e);
	strcpy(e.path, "hostile-ev");
	o.jobs = 1;
	o.progress = edit_evidence_on_start;
	o.progress_user = &e;
	CHECK(tb_pack_batch(ctx, "hostile-ev", "hostile-ev-out", &o, &r) == TB_ERROR);
	CHECK(has_code(ctx, "evidence.changed"));
	CHECK_EQ_INT(r.failed, 1);
	CHECK_EQ_INT(r.built, 1);
	CHECK(saved_evidence != NULL);
	/* restore the edited evidence to its original bytes */
	if (saved_evidence)
		write_file(e.path, saved_evidence);
	tb_diag_clear(ctx);
	o.progress = NULL;
	CHECK(tb_pack_batch(ctx, "hostile-ev", "hostile-ev-out", &o, &r) == TB_OK);
	CHECK_EQ_INT(r.built, 1);
	CHECK_EQ_INT(r.unchanged, 1);
	CHECK(tb_pack_verify(ctx, "hostile-ev-out", NULL) == TB_OK);
	/* no package holds the edited postcode */
	CHECK(system("cd hostile-ev-out && rm -rf x && mkdir x && cd x && "
	             "for z in ../packages/*.zip; do unzip -q $z; done") == 0);
	CHECK(system("grep -rq 066999 hostile-ev-out/x") != 0);
	CHECK(system("grep -q '<postcode>066000<' hostile-ev-out/x/A0001/evidence/evidence.xml") == 0);
	free(saved_evidence);
	tb_ctx_free(ctx);
}

/* Item 6: what a signal handler removes. A temporary being written goes; one already renamed
 * into place is not touched (its name no longer exists), nor is anyone else's file. */
TEST(temporaries_removed_on_signal)
{
	char *a, *b;
	CHECK(system("rm -rf hostile-tmp && mkdir hostile-tmp") == 0);
	a = tb_file_tmp_name("hostile-tmp/out.pdf");
	b = tb_file_tmp_name("hostile-tmp/done.pdf");
	CHECK(a && b);
	if (!a || !b)
		return;
	write_file(a, "half");
	write_file(b, "whole");
	CHECK(rename(b, "hostile-tmp/done.pdf") == 0);
	write_file("hostile-tmp/out.pdf.tmp1.1", "another process's");
	CHECK_EQ_INT(tmp_debris("hostile-tmp"), 2);
	/* libzip's own temporary beside ours (mkstemp's six characters) goes too */
	{
		char z[4200];
		snprintf(z, sizeof z, "%s.Ab3xYz", a);
		write_file(z, "libzip's");
		tb_temp_remove_all();
		CHECK(access(z, F_OK) != 0);
	}
	CHECK(access(a, F_OK) != 0);
	/* a temporary folder (a bag being written) goes with everything in it, however many
	 * temporary names its files took */
	{
		char *bag = tb_file_tmp_name("hostile-tmp/bag"), sub[512];
		int k;
		CHECK(bag && mkdir(bag, 0755) == 0);
		snprintf(sub, sizeof sub, "%s/data/D30/evidence", bag);
		{
			char cmd[1200];
			snprintf(cmd, sizeof cmd, "mkdir -p '%s' && echo x > '%s/a.xml'", sub, sub);
			CHECK(system(cmd) == 0);
		}
		for (k = 0; k < 100; k++) {
			char *f;
			snprintf(sub, sizeof sub, "%s/data/D30/evidence/a.xml", bag);
			f = tb_file_tmp_name(sub);
			write_file(f, "part");
			free(f);
		}
		tb_temp_remove_all();
		CHECK(access(bag, F_OK) != 0);
		free(bag);
	}
	CHECK(access("hostile-tmp/done.pdf", F_OK) == 0);
	CHECK(access("hostile-tmp/out.pdf.tmp1.1", F_OK) == 0);
	CHECK_EQ_INT(tmp_debris("hostile-tmp"), 1);
	free(a);
	free(b);
}

/* A folder is read for stale temporaries once per process, not at every name made in it
 * (a batch of N packages read its packages folder N times: N^2 entries). What the first read
 * found of a dead process's is still removed when its output is named; what appears later is
 * left for the next run. */
TEST(stale_temporaries_folder_read_once)
{
	char name[256];
	char *t;
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	CHECK(dead > 0 && waitpid(dead, NULL, 0) == dead);
	CHECK(system("rm -rf swept-tmp && mkdir swept-tmp") == 0);
	snprintf(name, sizeof name, "swept-tmp/a.zip.tmp%ld.1", (long)dead);
	write_file(name, "a dead run's");
	t = tb_file_tmp_name("swept-tmp/b.zip"); /* reads the folder: a's is not b's */
	free(t);
	CHECK(access(name, F_OK) == 0);
	t = tb_file_tmp_name("swept-tmp/a.zip"); /* a's, found by that read */
	free(t);
	CHECK(access(name, F_OK) != 0);
	snprintf(name, sizeof name, "swept-tmp/c.zip.tmp%ld.1", (long)dead);
	write_file(name, "appeared since");
	t = tb_file_tmp_name("swept-tmp/c.zip"); /* the folder is not read again */
	free(t);
	CHECK(access(name, F_OK) == 0);
	CHECK(system("rm -rf swept-tmp") == 0);
}

CHECK_MAIN(T(attachment_replaced_after_validation), T(file_replaced_while_streamed),
           T(build_streams_attachments), T(attachments_over_the_total_cap), T(attachment_edited_between_hash_and_pack),
           T(evidence_edited_between_validation_and_pack),
           T(temporaries_removed_on_signal), T(stale_temporaries_folder_read_once))
