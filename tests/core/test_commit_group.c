/* test_commit_group.c: outputs committed in a group (tb_ctx_commit_group). Inside a group
 * nothing appears under its name until the group ends (or fills up at 16), then everything
 * does, with its bytes, and no temporary is left; a file that cannot be put in place is
 * reported and the others still are; a context freed inside a group leaves no temporaries. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/ctx.h"
#include "core/file.h"
#include "tianbiao/tb_core.h"

/* Entries of `dir` whose name has ".tmp" in it. */
static int temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d)))
		if (strstr(de->d_name, ".tmp"))
			n++;
	if (d)
		closedir(d);
	return n;
}

static int has(const char *path, const char *text)
{
	char buf[64] = {0};
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	return f && n == strlen(text) && !memcmp(buf, text, n);
}

static void write_n(tb_ctx *ctx, const char *dir, int from, int to)
{
	int i;
	for (i = from; i < to; i++) {
		char path[256], text[32];
		snprintf(path, sizeof path, "%s/out%02d.pdf", dir, i);
		snprintf(text, sizeof text, "document %d", i);
		CHECK(tb_file_write_atomic(ctx, path, text, strlen(text)) == TB_OK);
	}
}

TEST(group_commits_at_its_end)
{
	tb_ctx *ctx;
	char path[256], text[32];
	int i;
	CHECK(system("rm -rf group-out && mkdir group-out") == 0);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_ctx_commit_group(ctx, 1) == TB_OK);
	write_n(ctx, "group-out", 0, 3);
	CHECK(access("group-out/out00.pdf", F_OK) != 0); /* not yet */
	CHECK_EQ_INT(temporaries("group-out"), 3);
	CHECK(tb_ctx_commit_group(ctx, 0) == TB_OK);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "group-out/out%02d.pdf", i);
		snprintf(text, sizeof text, "document %d", i);
		CHECK(has(path, text));
	}
	CHECK_EQ_INT(temporaries("group-out"), 0);
	/* after the group, one at a time again */
	write_n(ctx, "group-out", 3, 4);
	CHECK(has("group-out/out03.pdf", "document 3"));
	tb_ctx_free(ctx);
}

TEST(group_of_forty_commits_the_first_thirty_two_early)
{
	tb_ctx *ctx;
	CHECK(system("rm -rf group-out && mkdir group-out") == 0);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_ctx_commit_group(ctx, 1) == TB_OK);
	write_n(ctx, "group-out", 0, 40);
	CHECK(has("group-out/out31.pdf", "document 31"));
	CHECK(access("group-out/out32.pdf", F_OK) != 0);
	CHECK_EQ_INT(temporaries("group-out"), 8); /* two groups of 16 committed */
	CHECK(tb_ctx_commit_group(ctx, 0) == TB_OK);
	CHECK(has("group-out/out39.pdf", "document 39"));
	CHECK_EQ_INT(temporaries("group-out"), 0);
	tb_ctx_free(ctx);
}

/* A file whose folder went away before the group ended: io.write for it, TB_EIO, the rest
 * committed. */
TEST(group_reports_what_it_cannot_commit)
{
	tb_ctx *ctx;
	CHECK(system("rm -rf group-out group-gone && mkdir group-out group-gone") == 0);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_ctx_commit_group(ctx, 1) == TB_OK);
	write_n(ctx, "group-out", 0, 2);
	CHECK(tb_file_write_atomic(ctx, "group-gone/x.pdf", "x", 1) == TB_OK);
	CHECK(system("mv group-gone group-moved") == 0);
	CHECK(tb_ctx_commit_group(ctx, 0) == TB_EIO);
	CHECK(tb_diag_count(ctx) == 1 && !strcmp(tb_diag_get(ctx, 0)->code, "io.write") &&
	      !strcmp(tb_diag_get(ctx, 0)->file, "group-gone/x.pdf"));
	CHECK(has("group-out/out01.pdf", "document 1"));
	CHECK_EQ_INT(temporaries("group-out"), 0);
	tb_ctx_free(ctx);
	CHECK(system("rm -rf group-moved") == 0);
}

TEST(context_freed_inside_group_leaves_no_temporaries)
{
	tb_ctx *ctx;
	CHECK(system("rm -rf group-out && mkdir group-out") == 0);
	CHECK(tb_ctx_new(&ctx) == TB_OK);
	CHECK(tb_ctx_commit_group(ctx, 1) == TB_OK);
	write_n(ctx, "group-out", 0, 2);
	tb_ctx_free(ctx);
	CHECK_EQ_INT(temporaries("group-out"), 0);
	CHECK(access("group-out/out00.pdf", F_OK) != 0);
	CHECK(system("rm -rf group-out") == 0);
}

CHECK_MAIN(T(group_commits_at_its_end), T(group_of_forty_commits_the_first_thirty_two_early),
           T(group_reports_what_it_cannot_commit), T(context_freed_inside_group_leaves_no_temporaries))
