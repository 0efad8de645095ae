"""test_fill_random.py: random templates (nested paragraph, row and inline sections, in the
body, tables and cells) must fill without crash or leak, leave no tag text, and give
well-formed documents python-docx opens."""
import os
import random
import subprocess
import sys
import zipfile
from xml.dom import minidom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fillkit as K  # noqa: E402

K.ensure_docx()
import docx  # noqa: E402

VALS = ['{{.}}', '{{c | money(2)}}', '{{x | default("无")}}', '中文', '{{a | check}}', '{{count(a)}}',
        '{{#a}}[{{.}}]{{/a}}', '{{^z}}none{{/}}', 'txt ', 'a&b<c>']
SECS = ['a', 'b', 'z', 'b/c', 'a[. > 1]']


def make(seed, path):
    r = random.Random(seed)
    d = docx.Document()

    def inline():
        return ''.join(r.choice(VALS) for _ in range(r.randint(0, 3)))

    def block(container, depth):
        for _ in range(r.randint(1, 4)):
            k = r.random()
            if k < 0.35 or depth > 3:
                p = container.add_paragraph()
                for _ in range(r.randint(1, 3)):
                    p.add_run(inline()).bold = r.random() < 0.5
            elif k < 0.6:
                s = r.choice(SECS)
                container.add_paragraph(('{{#%s}}' if r.random() < 0.7 else '{{^%s}}') % s)
                block(container, depth + 1)
                container.add_paragraph(r.choice(['{{/}}', '{{/%s}}' % s]))
            elif hasattr(container, 'add_table'):
                rows, cols = r.randint(1, 3), r.randint(2, 3)
                t = container.add_table(rows=rows + 1, cols=cols)
                for row in t.rows:
                    for c in row.cells:
                        c.text = inline()
                s = r.choice(SECS)
                a = r.randint(1, rows)
                b = r.randint(a, rows)
                t.rows[a].cells[0].text = '{{#%s}}' % s + t.rows[a].cells[0].text
                t.rows[b].cells[cols - 1].text += '{{/}}'
                if r.random() < 0.5:
                    cell = t.rows[0].cells[0]
                    cell.add_paragraph('{{#a}}')
                    block(cell, depth + 2)
                    cell.add_paragraph('{{/a}}')
    block(d, 0)
    d.save(path)


data = K.write("r.xml", "<d><a>1</a><a>2</a><a>3</a><b><c>3.5</c></b><b><c>1</c></b><x/></d>")
for seed in range(40):
    tpl, out = K.path("r%d.docx" % seed), K.path("r%d-out.docx" % seed)
    make(seed, tpl)
    rc, msg = K.run_fill(tpl, data, out, "--missing", "empty")
    K.check(rc == 0, "seed %d fills: %s" % (seed, msg[:300]))
    if rc:
        continue
    with zipfile.ZipFile(out) as z:
        minidom.parseString(z.read("word/document.xml"))
    d = docx.Document(out)
    text = " ".join(p.text for p in d.paragraphs) + " ".join(
        c.text for t in d.tables for row in t.rows for c in row.cells)
    K.check("{{" not in text and "}}" not in text, "seed %d: no tag text left" % seed)
K.finish()
