/* writer.h: the library's tb_writer implementations: into a tb_buf (memory), and into a file
 * written atomically (a temporary file beside the target, synced and renamed on commit, so a
 * reader sees the old file or the new one, never half of one). */
#ifndef TB_CORE_WRITER_H
#define TB_CORE_WRITER_H
#include "core/buf.h"
#include "tianbiao/tb_core.h"

/* A writer appending to `b` (whose ceiling applies: TB_ELIMIT past it). */
tb_writer tb_writer_buf(tb_buf *b);

/* Write through a writer; a NULL or failing writer gives its status. */
TB_NODISCARD tb_status tb_writer_put(tb_writer *w, const void *data, size_t len);
/* The bytes of `b`, which is emptied (its memory freed or taken): a writer into an empty
 * buffer with room under its ceiling takes b's memory as it is, any other writer gets the
 * bytes written. A finished document is handed on this way without being copied. */
TB_NODISCARD tb_status tb_writer_put_buf(tb_writer *w, tb_buf *b);

typedef struct tb_file_writer tb_file_writer;
/* Create the temporary file beside `path`. Error: io.write. */
TB_NODISCARD tb_status tb_file_writer_open(tb_ctx *ctx, const char *path, tb_file_writer **out);
/* The writer to hand to a producer; valid until commit or abort. */
tb_writer *tb_file_writer_get(tb_file_writer *fw);
/* Sync and rename over the target, then free. If a write failed, or `st` (the producer's
 * status) is not TB_OK, the temporary file is removed instead and that status returned.
 * NULL is a no-op returning `st`. Error: io.write. */
TB_NODISCARD tb_status tb_file_writer_finish(tb_file_writer *fw, tb_status st);

#endif
