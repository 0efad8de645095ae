/* chart.h: a horizontal bar chart drawn as vectors into a display-list page. */
#ifndef TB_REPORT_CHART_H
#define TB_REPORT_CHART_H
#include "page/display.h"

typedef struct tb_chart_bar {
	const char *label; /* e.g. "1 组织管理与工作机制" */
	long value;        /* hundredths (tb_points) */
	long max;          /* hundredths */
} tb_chart_bar;

/* Draw `title`, one pair of bars per item (maximum in grey, value in blue over it, "value /
 * max" beside) and a legend inside the rectangle (x, y, w, h), in points, top-left origin. */
TB_NODISCARD tb_status tb_chart_draw(tb_ctx *ctx, tb_dl_page *page, float x, float y, float w, float h,
                        const char *title, const tb_chart_bar *bars, size_t n);

/* Text in the display list: characters are split into runs by the face that draws them
 * (East Asian face for Han and full-width punctuation, Latin face for the rest, fallback for
 * what neither has). Returns the advance width in *width. */
TB_NODISCARD tb_status tb_chart_text(tb_ctx *ctx, tb_dl_page *page, const char *family, float size, float x,
                        float baseline, tb_rgb color, const char *utf8, float *width);
/* Width `utf8` would take, without drawing it. */
float tb_chart_text_width(tb_ctx *ctx, const char *family, float size, const char *utf8);

#endif
