/* tb_program.h: application programs (indicator systems, quotas, form fields) loaded from
 * data under <datadir>/templates/programs/<id>/program.xml; no program-specific C code. */
#ifndef TIANBIAO_TB_PROGRAM_H
#define TIANBIAO_TB_PROGRAM_H

#include "tianbiao/tb_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_program tb_program;
typedef struct tb_indicator tb_indicator;

/* Points are fixed-point hundredths of a point (分 x 100): weights such as 0.5 are exact. */
typedef long tb_points;
#define TB_POINTS_SCALE 100
/* Format points as "12", "0.5" or "1.25" into buf (24 bytes suffice); returns buf. */
TB_API const char *tb_points_format(tb_points p, char *buf, size_t cap);

/* Installed program ids, sorted. Free with tb_strv_free. */
TB_API tb_status tb_program_list(tb_ctx *ctx, char ***ids, size_t *count);
TB_API void tb_strv_free(char **v, size_t n);

/* Load (once per context; later calls return the cached program, owned by the context).
 * Validates program.xml against its schema and checks its arithmetic: every indicator's
 * weight equals the sum of its children's, the total equals the stated total. */
TB_API tb_status tb_program_load(tb_ctx *ctx, const char *id, const tb_program **out);
/* Load from an explicit program.xml path (tests, users' own programs). Not cached. */
TB_API tb_status tb_program_load_file(tb_ctx *ctx, const char *path, tb_program **out);
/* The same from bytes in memory; `name` stands for the file in messages and its folder is the
 * program folder (for templates). Not cached. */
TB_API tb_status tb_program_load_data(tb_ctx *ctx, const char *name, const char *data, size_t len,
                                      tb_program **out);
TB_API void tb_program_free(tb_program *p); /* only for tb_program_load_file results */

TB_API const char *tb_program_id(const tb_program *p);
TB_API const char *tb_program_title(const tb_program *p);
TB_API const char *tb_program_issuer(const tb_program *p);
TB_API int tb_program_year(const tb_program *p);
TB_API const char *tb_program_deadline(const tb_program *p); /* ISO date or NULL */
TB_API const char *tb_program_issued(const tb_program *p);   /* date of the notice or NULL */
TB_API const char *tb_program_dir(const tb_program *p);      /* folder of program.xml */
TB_API tb_points tb_program_total(const tb_program *p);

/* Indicators in document order (pre-order: level 1, its level 2 children, ...). */
TB_API size_t tb_program_indicator_count(const tb_program *p);
TB_API const tb_indicator *tb_program_indicator_at(const tb_program *p, size_t i);
TB_API const tb_indicator *tb_program_indicator_find(const tb_program *p, const char *id);
/* Indicators without sub-indicators (the ones a self-assessment claims). */
TB_API size_t tb_program_leaf_count(const tb_program *p);

TB_API const char *tb_indicator_id(const tb_indicator *ind);    /* stable, e.g. "1.1.2" */
TB_API int tb_indicator_level(const tb_indicator *ind);         /* 1, 2, 3 ... */
TB_API const char *tb_indicator_title(const tb_indicator *ind); /* the text as the program words it */
/* The full statement when the program gives one beside a short title, else the title. */
TB_API const char *tb_indicator_text(const tb_indicator *ind);
TB_API tb_points tb_indicator_weight(const tb_indicator *ind);
TB_API const char *tb_indicator_evidence(const tb_indicator *ind); /* required evidence or NULL */
TB_API const tb_indicator *tb_indicator_parent(const tb_indicator *ind);
TB_API size_t tb_indicator_child_count(const tb_indicator *ind);
TB_API const tb_indicator *tb_indicator_child(const tb_indicator *ind, size_t i);
/* Character limit for the explanation of this indicator (0 = none), e.g. "200字以内". */
TB_API unsigned tb_indicator_char_limit(const tb_indicator *ind);
/* Service-target option this indicator belongs to (qhd-2021 section 3/4 categories) or NULL;
 * inherited from the nearest ancestor that names one. */
TB_API const char *tb_indicator_target(const tb_indicator *ind);
/* Scoring criteria of a leaf (kaifu-2022 style rules; the rules themselves are in
 * data/program.h for scoring): id ("A3-1.1"), maximum points and wording. */
TB_API size_t tb_indicator_criterion_count(const tb_indicator *ind);
TB_API const char *tb_indicator_criterion_id(const tb_indicator *ind, size_t i);
TB_API tb_points tb_indicator_criterion_max(const tb_indicator *ind, size_t i);
TB_API const char *tb_indicator_criterion_text(const tb_indicator *ind, size_t i);

/* Service-target options of the application form, in form order, worded as the form. */
TB_API size_t tb_program_target_count(const tb_program *p);
TB_API const char *tb_program_target_id(const tb_program *p, size_t i);
TB_API const char *tb_program_target_label(const tb_program *p, size_t i);

/* Kinds of recommending body and their quotas (附件1). */
TB_API size_t tb_program_quota_count(const tb_program *p);
TB_API const char *tb_program_quota_kind(const tb_program *p, size_t i);  /* id, e.g. "county-association" */
TB_API const char *tb_program_quota_label(const tb_program *p, size_t i); /* 县区科协 */
TB_API unsigned tb_program_quota_max(const tb_program *p, size_t i);      /* per body */
/* Quota for a kind id, 0 if unknown. */
TB_API unsigned tb_program_quota_for(const tb_program *p, const char *kind);

/* Fields of the application form (附件2), in form order: id, label as the form words it, the
 * evidence path (XPath relative to <evidence>) that fills it, and whether it is required.
 * The validator reports a required field that is absent or empty (code field.missing). */
TB_API size_t tb_program_field_count(const tb_program *p);
TB_API const char *tb_program_field_id(const tb_program *p, size_t i);
TB_API const char *tb_program_field_label(const tb_program *p, size_t i);
TB_API const char *tb_program_field_path(const tb_program *p, size_t i);
TB_API int tb_program_field_required(const tb_program *p, size_t i);
/* The form's section (基本情况, 经费情况, ...) and unit (人, 万元, ...), or NULL. */
TB_API const char *tb_program_field_section(const tb_program *p, size_t i);
TB_API const char *tb_program_field_unit(const tb_program *p, size_t i);

/* Templates the program ships: role ("application-form", "self-assessment", "summary-sheet")
 * and format ("docx", "odt") -> absolute path, or NULL. */
TB_API const char *tb_program_template(const tb_program *p, const char *role, const char *format);

#ifdef __cplusplus
}
#endif
#endif
