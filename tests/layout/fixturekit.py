#!/usr/bin/python3
"""fixturekit.py: writes DOCX and ODT packages from XML text, the way Word, WPS and
LibreOffice write them, for fixtures that python-docx cannot make (table styles, covered
cells, relative column widths, settings). Deterministic: fixed timestamps, sorted parts."""
import zipfile

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
          'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')


def _write(path, parts, first=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        names = ([first] if first else []) + sorted(n for n in parts if n != first)
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            data = parts[name]
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def docx(path, body, styles="", settings="", sect=None):
    """body: the XML inside w:body (without sectPr); styles: w:style elements (and
    w:docDefaults); settings: children of w:settings."""
    sect = sect or ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" '
                    'w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" '
                    'w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="default"/></w:sectPr>')
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>',
        "word/_rels/document.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
            '</Relationships>',
        "word/document.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {W_NS}><w:body>{body}{sect}</w:body></w:document>',
        "word/styles.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W_NS}>{styles}</w:styles>',
        "word/settings.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {W_NS}>{settings}</w:settings>',
    }
    _write(path, parts, "[Content_Types].xml")


def odt(path, body, auto_styles="", styles="", master="", page_layout="", settings=None, layout_children="",
        extra_styles="", fonts="", layout_props="", files=None, content_fonts=""):
    """body: inside office:text; auto_styles: content.xml automatic styles; styles: common
    styles (and style:default-style); page_layout: attributes of the page layout properties;
    settings: {name: (type, value)} configuration items (None: no settings.xml);
    layout_children: after the page layout properties (style:header-style...); extra_styles:
    more page layouts and master pages (XML inserted into styles.xml's automatic styles as
    "auto|master" split on the first "|"); fonts: more style:font-face declarations;
    layout_props: children of the page layout properties (style:footnote-sep...); files: more
    parts {path: bytes} (embedded fonts, Fonts/*.ttf), listed in the manifest; content_fonts:
    style:font-face declarations of content.xml (where LibreOffice reads embedded fonts)."""
    extra_auto, _, extra_master = extra_styles.partition("|")
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml":
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            + ('<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>' if settings is not None else '')
            + "".join(f'<manifest:file-entry manifest:full-path="{k}" manifest:media-type="application/x-font-ttf"/>'
                      for k in (files or {}))
            + '</manifest:manifest>',
        "content.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} office:version="1.3">'
            + (f'<office:font-face-decls>{content_fonts}</office:font-face-decls>' if content_fonts else '')
            + f'<office:automatic-styles>{auto_styles}</office:automatic-styles>'
            f'<office:body><office:text>{body}</office:text></office:body></office:document-content>',
        "styles.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS} office:version="1.3">'
            '<office:font-face-decls>'
            '<style:font-face style:name="宋体" svg:font-family="宋体" style:font-family-generic="system"/>'
            '<style:font-face style:name="Liberation Serif" svg:font-family="\'Liberation Serif\'" style:font-family-generic="roman"/>'
            f'{fonts}</office:font-face-decls>'
            f'<office:styles>{styles}</office:styles>'
            '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
            'fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" '
            f'fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm" {page_layout}'
            + (f'>{layout_props}</style:page-layout-properties>' if layout_props else '/>')
            + f'{layout_children}</style:page-layout>{extra_auto}</office:automatic-styles>'
            f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{master}</style:master-page>{extra_master}</office:master-styles>'
            '</office:document-styles>',
    }
    parts.update(files or {})
    if settings is not None:
        items = "".join(f'<config:config-item config:name="{k}" config:type="{t}">{v}</config:config-item>'
                        for k, (t, v) in settings.items())
        parts["settings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings {ODF_NS} office:version="1.3">'
            '<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
            f'{items}</config:config-item-set></office:settings></office:document-settings>')
    _write(path, parts, "mimetype")
