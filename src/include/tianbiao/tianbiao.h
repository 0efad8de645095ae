/* tianbiao.h: the whole public API. Front ends include only this. */
#ifndef TIANBIAO_H
#define TIANBIAO_H

#include "tianbiao/tb_core.h"
#include "tianbiao/tb_program.h"
#include "tianbiao/tb_evidence.h"
#include "tianbiao/tb_score.h"
#include "tianbiao/tb_fill.h"
#include "tianbiao/tb_render.h"
#include "tianbiao/tb_report.h"
#include "tianbiao/tb_pack.h"
#include "tianbiao/tb_serve.h"

#endif
