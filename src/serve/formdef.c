/* formdef.c: the form's fields (see formdef.h). The contract's own labels are English msgids
 * translated like every message; a program's labels are used as the program words them. */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "serve/formdef.h"

typedef struct contract_field {
	const char *path;
	fd_kind kind;
	const char *label, *section, *unit;
	int required;
	const char *sum;
	int sum_total;
	const char *after; /* shown right after this path when the program has it */
} contract_field;

static const contract_field contract[] = {
	{"applicant/name", FD_TEXT, N_("Applicant"), N_("Cover"), NULL, 1, NULL, 0, NULL},
	{"recommender/name", FD_TEXT, N_("Recommending body"), N_("Cover"), NULL, 0, NULL, 0, NULL},
	{"recommender/@kind", FD_KIND, N_("Kind of recommending body"), N_("Cover"), NULL, 0, NULL, 0,
	 "recommender/name"},
	{"date", FD_DATE, N_("Date of application"), N_("Cover"), NULL, 0, NULL, 0, NULL},
	{"applicant/postcode", FD_POSTCODE, N_("Postcode"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/address", FD_TEXT, N_("Address"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/authority", FD_TEXT, N_("Supervising authority"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/contact/name", FD_TEXT, N_("Contact person"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/contact/phone", FD_TEL, N_("Telephone"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/contact/mobile", FD_TEL, N_("Mobile"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/contact/email", FD_EMAIL, N_("Email"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"applicant/contact/fax", FD_TEL, N_("Fax"), N_("Basic information"), NULL, 0, NULL, 0, NULL},
	{"service-targets/target", FD_TARGETS, N_("Service targets"), N_("Service targets"), NULL, 0, NULL, 0, NULL},
	{"staff/@total", FD_INT, N_("Staff in all"), N_("Staff"), N_("people"), 0, "staff", 1, NULL},
	{"staff/@full-time", FD_INT, N_("Full-time"), N_("Staff"), N_("people"), 0, "staff", 0, NULL},
	{"staff/@part-time", FD_INT, N_("Part-time"), N_("Staff"), N_("people"), 0, "staff", 0, NULL},
	{"awards/award", FD_AWARDS, N_("Awards"), N_("Awards"), NULL, 0, NULL, 0, NULL},
	{"funding/@total", FD_DECIMAL, N_("Annual funding"), N_("Funding"), N_("10,000 yuan"), 0, "funding", 1, NULL},
	{"funding/fiscal", FD_DECIMAL, N_("Public funds"), N_("Funding"), N_("10,000 yuan"), 0, "funding", 0, NULL},
	{"funding/self", FD_DECIMAL, N_("Own funds"), N_("Funding"), N_("10,000 yuan"), 0, "funding", 0, NULL},
	{"funding/superior", FD_DECIMAL, N_("From superior bodies"), N_("Funding"), N_("10,000 yuan"), 0, "funding", 0, NULL},
	{"funding/other", FD_DECIMAL, N_("Other sources"), N_("Funding"), N_("10,000 yuan"), 0, "funding", 0, NULL},
	{"facilities/area", FD_DECIMAL, N_("Floor area"), N_("Facilities"), N_("square metres"), 0, NULL, 0, NULL},
	{"facilities/open-days", FD_INT, N_("Open days per month"), N_("Facilities"), N_("days"), 0, NULL, 0, NULL},
	{"facilities/desk-sets", FD_INT, N_("Desk sets"), N_("Facilities"), N_("sets"), 0, NULL, 0, NULL},
	{"facilities/capacity", FD_INT, N_("Places for participants"), N_("Facilities"), N_("people"), 0, NULL, 0, NULL},
	{"facilities/computers", FD_INT, N_("Computers"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"facilities/tvs", FD_INT, N_("Television sets"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"facilities/library-rooms", FD_INT, N_("Science library rooms"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"facilities/books", FD_INT, N_("Books"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"facilities/training-materials", FD_INT, N_("Sets of training materials"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"facilities/gallery-length", FD_DECIMAL, N_("Length of science gallery"), N_("Facilities"), N_("metres"), 0, NULL, 0, NULL},
	{"facilities/gallery-update-months", FD_INT, N_("Gallery changed every"), N_("Facilities"), N_("months"), 0, NULL, 0, NULL},
	{"facilities/other", FD_LONGTEXT, N_("Other equipment and facilities"), N_("Facilities"), NULL, 0, NULL, 0, NULL},
	{"attachments/attachment", FD_ATTACHMENTS, N_("Supporting documents"), N_("Supporting documents"), NULL, 0, NULL, 0, NULL},
	{"summary", FD_PARAS, N_("Summary of the work"), N_("Summary of the work"), NULL, 0, NULL, 0, NULL},
	{"plan", FD_PARAS, N_("Plan of the work ahead"), N_("Plan of the work ahead"), NULL, 0, NULL, 0, NULL},
	{"opinions/applicant", FD_PARAS, N_("Opinion of the applicant"), N_("Opinions"), NULL, 0, NULL, 0, NULL},
	{"opinions/recommender", FD_PARAS, N_("Opinion of the recommending body"), N_("Opinions"), NULL, 0, NULL, 0, NULL},
};
#define NCONTRACT (sizeof contract / sizeof contract[0])

static void set_elem(fd_field *f)
{
	size_t n = strlen(f->path);
	const char *at = strstr(f->path, "/@");
	if (at)
		n = (size_t)(at - f->path);
	if (n >= sizeof f->elem)
		n = sizeof f->elem - 1;
	memcpy(f->elem, f->path, n);
	f->elem[n] = '\0';
	/* list fields live in their container */
	if (f->kind == FD_TARGETS || f->kind == FD_AWARDS || f->kind == FD_ATTACHMENTS) {
		char *slash = strchr(f->elem, '/');
		if (slash)
			*slash = '\0';
	}
}

static void from_contract(fd_field *f, const contract_field *c)
{
	memset(f, 0, sizeof *f);
	f->path = c->path;
	f->kind = c->kind;
	f->label = _(c->label);
	f->section = _(c->section);
	f->unit = c->unit ? _(c->unit) : NULL;
	f->required = c->required;
	f->sum = c->sum;
	f->sum_total = c->sum_total;
	set_elem(f);
}

static int wanted(const tb_program *p, const contract_field *c)
{
	if (c->kind == FD_KIND)
		return tb_program_quota_count(p) > 0;
	if (c->kind == FD_TARGETS)
		return tb_program_target_count(p) > 0;
	return 1;
}

int fd_build(const tb_program *p, fd_form *out)
{
	size_t nprog = tb_program_field_count(p), i, j, n = 0;
	unsigned char used[NCONTRACT] = {0};
	fd_field *v = calloc(nprog + NCONTRACT + 1, sizeof *v);

	out->f = NULL;
	out->n = 0;
	if (!v)
		return -1;
	for (i = 0; i < nprog; i++) {
		const char *path = tb_program_field_path(p, i);
		const contract_field *c = NULL;
		for (j = 0; j < NCONTRACT; j++)
			if (!strcmp(contract[j].path, path)) {
				c = &contract[j];
				used[j] = 1;
				break;
			}
		if (c) {
			from_contract(&v[n], c);
		} else {
			memset(&v[n], 0, sizeof v[n]);
			v[n].path = path;
			v[n].kind = FD_TEXT;
			set_elem(&v[n]);
		}
		if (tb_program_field_label(p, i))
			v[n].label = tb_program_field_label(p, i);
		if (tb_program_field_section(p, i))
			v[n].section = tb_program_field_section(p, i);
		if (tb_program_field_unit(p, i))
			v[n].unit = tb_program_field_unit(p, i);
		v[n].required = tb_program_field_required(p, i);
		n++;
		/* contract fields the program's form leaves out but that belong here */
		for (j = 0; j < NCONTRACT; j++)
			if (!used[j] && contract[j].after && !strcmp(contract[j].after, path) &&
			    wanted(p, &contract[j])) {
				from_contract(&v[n], &contract[j]);
				v[n].section = v[n - 1].section;
				used[j] = 1;
				n++;
			}
	}
	for (j = 0; j < NCONTRACT; j++)
		if (!used[j] && wanted(p, &contract[j])) {
			const char *sec = NULL;
			from_contract(&v[n], &contract[j]);
			/* keep a left-out field with its neighbours when the program has them */
			for (i = 0; i < n && !sec; i++)
				if (contract[j].after && !strcmp(v[i].path, contract[j].after))
					sec = v[i].section;
			if (sec)
				v[n].section = sec;
			n++;
		}
	out->f = v;
	out->n = n;
	return 0;
}

void fd_free(fd_form *f)
{
	free(f->f);
	f->f = NULL;
	f->n = 0;
}

const fd_field *fd_for_element(const fd_form *f, const char *elem)
{
	char buf[256];
	size_t i;
	snprintf(buf, sizeof buf, "%s", elem);
	for (;;) {
		char *slash;
		for (i = 0; i < f->n; i++)
			if (!strcmp(f->f[i].elem, buf))
				return &f->f[i];
		if (!(slash = strrchr(buf, '/')))
			return NULL;
		*slash = '\0';
	}
}
