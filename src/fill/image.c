/* image.c: inserting a JPEG or PNG attachment at an image tag, scaled into its box keeping the
 * aspect ratio: the file joins the package (word/media/ or Pictures/), with its relationship
 * and content type (DOCX) or manifest entry (ODT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/xml.h"
#include "fill/fill_int.h"

#define IMAGE_MAX_BYTES (32u << 20)
#define EMU_PER_MM 36000.0

static int image_size(const unsigned char *p, size_t n, int *png, unsigned *w, unsigned *h)
{
	size_t i;
	if (n > 24 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) {
		*png = 1;
		*w = (unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19];
		*h = (unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23];
		return *w && *h ? 0 : -1;
	}
	if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return -1;
	*png = 0;
	for (i = 2; i + 9 < n;) {
		unsigned m, len;
		if (p[i] != 0xFF)
			return -1;
		m = p[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		len = (unsigned)p[i + 2] << 8 | p[i + 3];
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			*h = (unsigned)p[i + 5] << 8 | p[i + 6];
			*w = (unsigned)p[i + 7] << 8 | p[i + 8];
			return *w && *h ? 0 : -1;
		}
		if (len < 2)
			return -1;
		i += 2 + len;
	}
	return -1;
}

/* Read-modify-write of a small XML part of the package (rels, content types, manifest). */
static xmlDocPtr part_doc(fill_doc *d, const char *name, const char *empty)
{
	long i = tb_pkg_find(d->pkg, name);
	size_t len;
	const char *data;
	xmlDocPtr doc = NULL;
	if (i < 0) {
		data = empty;
		len = strlen(empty);
	} else
		data = tb_pkg_data(d->pkg, (size_t)i, &len);
	if (!data)
		return NULL;
	if (tb_xml_read(d->ctx, name, data, len, 0, &doc) != TB_OK)
		return NULL; /* reported */
	return doc;
}

static tb_status part_save(fill_doc *d, const char *name, xmlDocPtr doc)
{
	size_t len = 0;
	char *mem = tb_xml_dump(doc, &len);
	tb_xml_free(doc);
	return mem ? tb_pkg_set(d->pkg, name, mem, len, 0) : TB_ENOMEM;
}

static tb_status docx_register(fill_doc *d, const char *media, int png, char *rid, size_t ridcap)
{
	const char *base = strrchr(d->part_name, '/');
	char rels[512];
	xmlDocPtr doc;
	xmlNodePtr root, c, rel;
	int found = 0;

	base = base ? base + 1 : d->part_name;
	snprintf(rels, sizeof rels, "word/_rels/%s.rels", base);
	doc = part_doc(d, rels,
	               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>");
	if (!doc || !(root = xmlDocGetRootElement(doc)))
		return TB_ERROR;
	snprintf(rid, ridcap, "rIdTbImage%u", d->images);
	rel = xmlNewDocNode(doc, root->ns, BAD_CAST "Relationship", NULL);
	xmlSetProp(rel, BAD_CAST "Id", BAD_CAST rid);
	xmlSetProp(rel, BAD_CAST "Type",
	           BAD_CAST "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image");
	xmlSetProp(rel, BAD_CAST "Target", BAD_CAST(media + 5)); /* relative to word/ */
	fill_link_append(root, rel);
	if (part_save(d, rels, doc) != TB_OK)
		return TB_ENOMEM;
	doc = part_doc(d, "[Content_Types].xml", "<Types/>");
	if (!doc || !(root = xmlDocGetRootElement(doc)))
		return TB_ERROR;
	for (c = root->children; c; c = c->next) {
		xmlChar *ext = c->type == XML_ELEMENT_NODE ? xmlGetProp(c, BAD_CAST "Extension") : NULL;
		if (ext && !xmlStrcasecmp(ext, BAD_CAST(png ? "png" : "jpeg")))
			found = 1;
		xmlFree(ext);
	}
	if (!found) {
		xmlNodePtr def = xmlNewDocNode(doc, root->ns, BAD_CAST "Default", NULL);
		xmlSetProp(def, BAD_CAST "Extension", BAD_CAST(png ? "png" : "jpeg"));
		xmlSetProp(def, BAD_CAST "ContentType", BAD_CAST(png ? "image/png" : "image/jpeg"));
		if (root->children)
			fill_link_before(root->children, def);
		else
			fill_link_append(root, def);
	}
	return part_save(d, "[Content_Types].xml", doc);
}

static tb_status odt_register(fill_doc *d, const char *media, int png)
{
	xmlDocPtr doc = part_doc(d, "META-INF/manifest.xml", "<x/>");
	xmlNodePtr root, e;
	if (!doc || !(root = xmlDocGetRootElement(doc)) || !root->ns) {
		if (doc)
			tb_xml_free(doc);
		return TB_ERROR;
	}
	e = xmlNewDocNode(doc, root->ns, BAD_CAST "file-entry", NULL);
	xmlSetNsProp(e, root->ns, BAD_CAST "full-path", BAD_CAST media);
	xmlSetNsProp(e, root->ns, BAD_CAST "media-type", BAD_CAST(png ? "image/png" : "image/jpeg"));
	fill_link_append(root, e);
	return part_save(d, "META-INF/manifest.xml", doc);
}

static xmlNodePtr docx_drawing(fill_doc *d, xmlNodePtr like, const char *rid, long cx, long cy)
{
	char xml[2048];
	xmlDocPtr frag = NULL;
	xmlNodePtr copy = NULL;
	unsigned id = 40000 + d->images;
	snprintf(xml, sizeof xml,
	         "<w:drawing xmlns:w=\"" NS_W "\""
	         " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""
	         " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
	         " xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
	         " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	         "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"%ld\" cy=\"%ld\"/>"
	         "<wp:docPr id=\"%u\" name=\"Picture %u\"/><a:graphic><a:graphicData"
	         " uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr>"
	         "<pic:cNvPr id=\"%u\" name=\"image%u\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>"
	         "<a:blip r:embed=\"%s\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>"
	         "<a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" cy=\"%ld\"/></a:xfrm>"
	         "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
	         "</a:graphic></wp:inline></w:drawing>",
	         cx, cy, id, id, id, id, rid, cx, cy);
	if (tb_xml_read(d->ctx, "drawing", xml, strlen(xml), 0, &frag) != TB_OK)
		return NULL;
	copy = xmlDocCopyNode(xmlDocGetRootElement(frag), like->doc, 1);
	tb_xml_free(frag);
	return copy;
}

tb_status fill_image(fill_doc *d, fill_tag *t, xmlNodePtr H, const char *path, double w_mm,
                     double h_mm)
{
	char *full = NULL, *data = NULL, media[128], prob[768];
	size_t len = 0;
	int png = 0;
	unsigned pw = 0, ph = 0;
	double scale;
	tb_status st = TB_OK;

	if (!*path || tb_path_check_relative(path) != TB_PATH_OK ||
	    tb_path_confine(d->data_dir, path, &full) != TB_PATH_OK) {
		snprintf(prob, sizeof prob, _("the image \"%s\" is missing or outside the data folder"), path);
		goto fail;
	}
	if (tb_file_read(d->ctx, full, IMAGE_MAX_BYTES, &data, &len) != TB_OK ||
	    image_size((const unsigned char *)data, len, &png, &pw, &ph) != 0) {
		snprintf(prob, sizeof prob, _("the image \"%s\" is not a readable JPEG or PNG file"), path);
		goto fail;
	}
	free(full);
	full = NULL;
	if (w_mm <= 0 || w_mm > 1000)
		w_mm = 40;
	if (h_mm <= 0 || h_mm > 1000)
		h_mm = 30;
	scale = w_mm / pw < h_mm / ph ? w_mm / pw : h_mm / ph; /* mm per pixel */
	d->images++;
	snprintf(media, sizeof media, "%s/tb_image%u.%s",
	         d->kind == TB_PKG_DOCX ? "word/media" : "Pictures", d->images, png ? "png" : "jpeg");
	st = tb_pkg_set(d->pkg, media, data, len, 1);
	data = NULL;
	if (st != TB_OK)
		return st;
	if (d->kind == TB_PKG_DOCX) {
		char rid[64];
		xmlNodePtr c, next, dr;
		if ((st = docx_register(d, media, png, rid, sizeof rid)) != TB_OK)
			return st;
		dr = docx_drawing(d, H, rid, (long)(pw * scale * EMU_PER_MM), (long)(ph * scale * EMU_PER_MM));
		if (!dr)
			return TB_ENOMEM;
		for (c = H->children; c; c = next) {
			next = c->next;
			if (!fill_is(c, NS_W, "rPr"))
				fill_remove(c);
		}
		xmlUnsetProp(H, BAD_CAST FILL_HOLDER_ATTR);
		fill_link_append(H, dr);
		fill_drop_redundant_ns(dr);
	} else {
		xmlNsPtr dns = xmlSearchNsByHref(H->doc, H->parent, BAD_CAST NS_DRAW);
		xmlNsPtr sns = xmlSearchNsByHref(H->doc, H->parent, BAD_CAST NS_SVG);
		xmlNsPtr xns = xmlSearchNsByHref(H->doc, H->parent, BAD_CAST NS_XLINK);
		xmlNsPtr tns = xmlSearchNsByHref(H->doc, H->parent, BAD_CAST NS_TEXT);
		xmlNodePtr fr, im;
		char num[64];
		if (!dns || !sns || !xns || !tns) {
			snprintf(prob, sizeof prob, "%s", _("the part lacks the ODF drawing namespaces"));
			goto fail;
		}
		if ((st = odt_register(d, media, png)) != TB_OK)
			return st;
		fr = xmlNewDocNode(H->doc, dns, BAD_CAST "frame", NULL);
		snprintf(num, sizeof num, "tb_image%u", d->images);
		xmlSetNsProp(fr, dns, BAD_CAST "name", BAD_CAST num);
		xmlSetNsProp(fr, tns, BAD_CAST "anchor-type", BAD_CAST "as-char");
		snprintf(num, sizeof num, "%.2fmm", pw * scale);
		xmlSetNsProp(fr, sns, BAD_CAST "width", BAD_CAST num);
		snprintf(num, sizeof num, "%.2fmm", ph * scale);
		xmlSetNsProp(fr, sns, BAD_CAST "height", BAD_CAST num);
		im = xmlNewDocNode(H->doc, dns, BAD_CAST "image", NULL);
		xmlSetNsProp(im, xns, BAD_CAST "href", BAD_CAST media);
		xmlSetNsProp(im, xns, BAD_CAST "type", BAD_CAST "simple");
		xmlSetNsProp(im, xns, BAD_CAST "show", BAD_CAST "embed");
		xmlSetNsProp(im, xns, BAD_CAST "actuate", BAD_CAST "onLoad");
		fill_link_append(fr, im);
		fill_link_before(H, fr);
		fill_remove(H);
	}
	return TB_OK;
fail:
	free(full);
	free(data);
	if (!t->reported) {
		t->reported = 1;
		fill_tag_error(d, t, "fill.image",
		               N_("Give the path of a JPEG or PNG file relative to the data file's folder."),
		               prob);
	}
	if (d->kind == TB_PKG_DOCX) {
		xmlNodePtr c, next;
		for (c = H->children; c; c = next) {
			next = c->next;
			if (!fill_is(c, NS_W, "rPr"))
				fill_remove(c);
		}
		xmlUnsetProp(H, BAD_CAST FILL_HOLDER_ATTR);
	} else
		fill_remove(H);
	return TB_OK;
}
