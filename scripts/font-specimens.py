#!/usr/bin/python3
"""font-specimens.py: the specimen sheet of docs/fonts.md (docs/img/font-specimens.png): each
GB/T 9704 role with the free Debian faces that could stand in for it, one line each, drawn
by HarfBuzz's hb-view (Debian libharfbuzz-bin) and put together with PIL (python3-pil).
Faces that are not installed are skipped, or looked up under $SPECIMEN_ROOT (a folder where
packages were unpacked with `apt-get download` and `dpkg-deb -x`, so candidates need not be
installed). Not part of the build or the tests."""
import os
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw, ImageFont

FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"
NOTO = "/usr/share/fonts/opentype/noto/"
TEXT = "为深入贯彻落实规划纲要，永2021年"
ROLES = [
    ("仿宋_GB2312 (body)", [("FandolFang  [chosen]", FANDOL + "FandolFang-Regular.otf", 0),
                           ("AR PL UKai (before)", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0)]),
    ("方正小标宋 (titles)", [("Noto Serif CJK SC Bold  [chosen]", NOTO + "NotoSerifCJK-Bold.ttc", 2),
                         ("FandolSong Bold", FANDOL + "FandolSong-Bold.otf", 0),
                         ("Noto Serif CJK SC Black (noto-cjk-extra)", NOTO + "NotoSerifCJK-Black.ttc", 2),
                         ("AR PL UMing (before)", "/usr/share/fonts/truetype/arphic/uming.ttc", 0)]),
    ("楷体_GB2312", [("FandolKai  [chosen]", FANDOL + "FandolKai-Regular.otf", 0),
                   ("AR PL UKai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
                   ("LXGW WenKai (fonts-lxgw-wenkai)", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0)]),
    ("黑体", [("FandolHei  [chosen]", FANDOL + "FandolHei-Regular.otf", 0),
            ("Noto Sans CJK SC  [微软雅黑, 等线]", NOTO + "NotoSansCJK-Regular.ttc", 2),
            ("WenQuanYi Zen Hei (before)", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)]),
    ("宋体", [("FandolSong  [chosen]", FANDOL + "FandolSong-Regular.otf", 0),
            ("Noto Serif CJK SC", NOTO + "NotoSerifCJK-Regular.ttc", 2),
            ("AR PL UMing (before)", "/usr/share/fonts/truetype/arphic/uming.ttc", 0)]),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/img/font-specimens.png"
    label_font = ImageFont.truetype(NOTO + "NotoSansCJK-Regular.ttc", 13, index=2)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for role, faces in ROLES:
            rows.append(("# " + role, None))
            for name, path, index in faces:
                if not os.path.exists(path):
                    path = os.environ.get("SPECIMEN_ROOT", "/nonexistent") + path
                    if not os.path.exists(path):
                        continue
                png = os.path.join(tmp, "%d.png" % len(rows))
                subprocess.run(["hb-view", "--font-size=40", "--margin=4", "--face-index=%d" % index,
                                "--font-file=" + path, "-o", png, TEXT], check=True)
                rows.append((name, Image.open(png).convert("L")))
        width = max(im.width for _, im in rows if im) + 8
        height = sum((im.height + 18) if im else 22 for _, im in rows)
        sheet = Image.new("L", (width, height), 255)
        d = ImageDraw.Draw(sheet)
        y = 0
        for name, im in rows:
            if im is None:
                d.text((4, y + 6), name[2:], fill=0, font=label_font)
                y += 22
                continue
            d.text((14, y + 2), name, fill=96, font=label_font)
            sheet.paste(im, (10, y + 16))
            y += im.height + 18
        sheet.quantize(8).save(out, optimize=True)


if __name__ == "__main__":
    main()
