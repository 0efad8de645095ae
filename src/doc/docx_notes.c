/* docx_notes.c: DOCX footnotes and endnotes (word/footnotes.xml, word/endnotes.xml). A
 * reference in the text reads its note there and then, numbers it (footnotes 1, 2, 3 by
 * default, endnotes i, ii, iii, as Word; w:footnotePr/w:endnotePr numFmt change that), and
 * leaves a TB_IN_NOTE_REF with the mark; inside the note, w:footnoteRef shows the same mark.
 * A custom mark (w:customMarkFollows) is the text that follows the reference. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/xml.h"
#include "doc/docx.h"

static const char *const note_part[2] = {"word/footnotes.xml", "word/endnotes.xml"};
static const char *const note_elem[2] = {"footnote", "endnote"};

/* numFmt of w:footnotePr / w:endnotePr below `n` (settings or the last sectPr). */
static void note_format(docx_reader *r, xmlNodePtr n)
{
	int k;
	xmlNodePtr c, f;
	for (c = n ? n->children : NULL; c; c = c->next)
		for (k = 0; k < 2; k++) {
			if (!docx_is(c, k ? "endnotePr" : "footnotePr"))
				continue;
			for (f = c->children; f; f = f->next)
				if (docx_is(f, "numFmt")) {
					char *v = docx_attr(f, "val");
					if (v)
						r->note_fmt[k] = docx_num_fmt(v);
					xmlFree(v);
				}
		}
}

tb_status docx_notes_load(docx_reader *r, xmlNodePtr sectpr)
{
	int k;
	tb_status st;
	xmlDocPtr settings = NULL;
	r->note_fmt[0] = 'd';
	r->note_fmt[1] = 'i';
	for (k = 0; k < 2; k++) {
		docx_rels *rels;
		if ((st = tb_doc_load_part(r->ctx, r->zip, r->opts, r->name, note_part[k], false,
		                           &r->notes_xml[k])) != TB_OK)
			return st;
		if (!r->notes_xml[k])
			continue;
		if (!(rels = tb_doc_alloc(r->doc, sizeof(*rels))))
			return TB_ENOMEM;
		if ((st = docx_load_rels(r, note_part[k], rels)) != TB_OK)
			return st;
		r->notes_rels[k] = rels;
	}
	if ((st = tb_doc_load_part(r->ctx, r->zip, r->opts, r->name, "word/settings.xml", false,
	                           &settings)) != TB_OK)
		return st;
	if (settings)
		note_format(r, xmlDocGetRootElement(settings));
	tb_doc_part_free(r->ctx, settings);
	note_format(r, sectpr);
	return TB_OK;
}

void docx_notes_free(docx_reader *r)
{
	tb_doc_part_free(r->ctx, r->notes_xml[0]);
	tb_doc_part_free(r->ctx, r->notes_xml[1]);
	r->notes_xml[0] = r->notes_xml[1] = NULL;
}

static xmlNodePtr find_note(docx_reader *r, int k, const char *id)
{
	xmlNodePtr n;
	if (!r->notes_xml[k] || !id)
		return NULL;
	for (n = xmlDocGetRootElement(r->notes_xml[k])->children; n; n = n->next) {
		char *nid;
		bool same;
		if (!docx_is(n, note_elem[k]))
			continue;
		nid = docx_attr(n, "id");
		same = nid && !strcmp(nid, id);
		xmlFree(nid);
		if (same)
			return n;
	}
	return NULL;
}

tb_status docx_note_ref(docx_reader *r, xmlNodePtr n, tb_block *para, const tb_rprops *rp)
{
	int k = docx_is(n, "endnoteReference");
	char *id = docx_attr(n, "id"), *custom = docx_attr(n, "customMarkFollows");
	xmlNodePtr src = find_note(r, k, id);
	bool custom_mark = custom && strcmp(custom, "0") && strcmp(custom, "false");
	tb_note *note;
	tb_inline *in;
	char mark[32];
	tb_status st = TB_OK;
	xmlFree(custom);
	if (!src) {
		unsigned line = 0, col = 0;
		tb_xml_node_pos(n, &line, &col);
		tb_warn(r->ctx, "layout.note-missing", r->part, line, col,
		        "Save the document again from Word or LibreOffice.",
		        "%s: %s %s is referenced but not in %s; it is left out", r->name,
		        note_elem[k], id ? id : "(no id)", note_part[k]);
		xmlFree(id);
		return TB_OK;
	}
	xmlFree(id);
	if (!(note = tb_doc_alloc(r->doc, sizeof(*note))))
		return TB_ENOMEM;
	note->endnote = k == 1;
	mark[0] = 0;
	if (!custom_mark)
		docx_format_number(mark, sizeof(mark), r->note_fmt[k], ++r->note_count[k]);
	if (!(note->mark = tb_doc_strdup(r->doc, mark)))
		return TB_ENOMEM;
	if (!(in = tb_block_add_inline(r->doc, para, TB_IN_NOTE_REF, rp)))
		return TB_ENOMEM;
	in->note = note;
	r->doc->nnotes++;
	in->text = note->mark;
	in->len = strlen(note->mark);
	if (k == 1) {
		if (r->doc->endnotes_last)
			r->doc->endnotes_last->next = note;
		else
			r->doc->endnotes = note;
		r->doc->endnotes_last = note;
	}
	if (r->note_depth == 0) {
		/* Read the note's blocks now, in the note part's context. */
		docx_rels *saved_rels = r->rels;
		const char *saved_part = r->part, *saved_mark = r->note_mark;
		int saved_fld = r->fld_state;
		r->rels = r->notes_rels[k];
		r->part = note_part[k];
		r->note_mark = note->mark;
		r->note_depth++;
		r->fld_state = 0;
		st = docx_read_story(r, src, &note->body);
		r->fld_state = saved_fld;
		r->note_depth--;
		r->rels = saved_rels;
		r->part = saved_part;
		r->note_mark = saved_mark;
	}
	return st;
}

tb_status docx_note_mark(docx_reader *r, tb_block *para, const tb_rprops *rp)
{
	if (!r->note_mark || !*r->note_mark)
		return TB_OK;
	return tb_block_add_text(r->doc, para, rp, r->note_mark, strlen(r->note_mark));
}
