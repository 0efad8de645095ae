#!/usr/bin/env python3
"""make-fontconfig.py: writes fonts/fontconfig.conf from fonts/fontmap.xml, so LibreOffice
(FONTCONFIG_FILE=fonts/fontconfig.conf soffice ...) draws each family name with the face
tianbiao uses: the name itself when installed (a licensed font wins), else the face's
candidates in order. tests/pdf/test_fontmap.sh checks both files agree.

    scripts/make-fontconfig.py            # rewrite fonts/fontconfig.conf
    scripts/make-fontconfig.py --check    # exit 1 if it is out of date
    scripts/make-fontconfig.py --map M --conf C [--check]   # another map (tests' own)
"""
import os
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAP = os.path.join(ROOT, "fonts", "fontmap.xml")
CONF = os.path.join(ROOT, "fonts", "fontconfig.conf")
NAME = ["fonts/fontmap.xml", "fonts/fontconfig.conf"]  # as the header names them
WEIGHTS = {"thin", "light", "regular", "medium", "semibold", "bold", "black", "heavy"}


def candidates(face):
    out = []
    for c in (face.get("family") or "").split(","):
        c = c.strip()
        if not c:
            continue
        name, _, weight = c.partition(":")
        out.append((name.strip(), weight.strip().lower() or None))
    return out


def render(path):
    root = ET.parse(path).getroot()
    faces = {f.get("id"): f for f in root.findall("face")}
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- %s: made by scripts/make-fontconfig.py from %s; do" % (NAME[1], NAME[0]),
        "     not edit. The family names of the map resolve to the same faces as in tianbiao, for",
        "     LibreOffice and other fontconfig clients:",
        "         FONTCONFIG_FILE=(this file) soffice (headless, convert to pdf) ...",
        "     A name that is itself installed wins (fontconfig tries it first); otherwise the",
        "     face's candidates follow, in the map's order. -->",
        "<fontconfig>",
        "  <!-- the system configuration: font directories, cache, defaults -->",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for d in root.findall("dir"):
        lines.append("  <dir>%s</dir>" % escape(d.text.strip()))
    styled = set()
    for fam in root.findall("family"):
        name = fam.get("name")
        face = faces[fam.get("face")]
        cands = [c for c in candidates(face) if c[0] != name]
        if not cands:
            continue
        lines.append('  <match target="pattern"><test name="family" qual="any" compare="eq" '
                     'ignore-blanks="false"><string>%s</string></test>' % escape(name))
        lines.append('    <edit name="family" mode="append" binding="strong">%s</edit>'
                     % "".join("<string>%s</string>" % escape(c[0]) for c in cands))
        weight = next((w for _, w in cands if w), None)
        if weight and weight in WEIGHTS:
            lines.append('    <edit name="weight" mode="assign" binding="strong"><const>%s</const></edit>'
                         % weight)
        lines.append("  </match>")
        for c, _ in cands:
            if c.startswith("Fandol"):
                styled.add(c)
    # The Fandol Bold faces carry a regular weight class: ask for the style by name too.
    for fam in sorted(styled):
        lines.append('  <match target="pattern"><test name="family" qual="any"><string>%s</string></test>'
                     '<edit name="style" mode="assign"><string>Regular</string></edit></match>' % escape(fam))
        lines.append('  <match target="pattern"><test name="family" qual="any"><string>%s</string></test>'
                     '<test name="weight" compare="more_eq"><const>bold</const></test>'
                     '<edit name="style" mode="assign"><string>Bold</string></edit></match>' % escape(fam))
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    path, conf = MAP, CONF
    if "--map" in args:
        path = args[args.index("--map") + 1]
    if "--conf" in args:
        conf = args[args.index("--conf") + 1]
    NAME[:] = [os.path.relpath(os.path.abspath(p), ROOT) for p in (path, conf)]
    text = render(path)
    if "--check" in args:
        with open(conf, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is out of date: run scripts/make-fontconfig.py%s" % (
                    NAME[1], "" if conf == CONF else " --map %s --conf %s" % tuple(NAME)), file=sys.stderr)
                return 1
        return 0
    with open(conf, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
