#!/usr/bin/env python3
"""The library's layering, checked on every include of src/ (docs/design.md draws it).

Each module lists the modules below it that it may use and the headers it offers to them (its
interface); every other header of a module is private to it. A file may include:
  - any header of its own module;
  - an interface header of a module it may use;
  - a public header (tianbiao/tb_*.h) of itself or of a module it may use.
A new module (src/<name>/) needs a row here: where it sits is a design decision.
"""
import os
import re
import sys

SRC = os.path.join(os.environ.get("TB_SRC", os.path.join(os.path.dirname(__file__), "..", "..")), "src")

# module: (modules it may use, its interface headers)
LAYERS = {
    "core": ([], ["buf.h", "ctx.h", "digest.h", "file.h", "i18n.h", "strset.h", "utf8.h", "xml.h",
                  "zipread.h", "zipwrite.h", "writer.h", "opc.h", "diag_list.h", "date.h", "vec.h",
                  "xsd.h", "json.h", "lazylib.h", "deflate.h", "deflate_huff.h", "pool.h", "helper.h"]),
    "font": (["core"], ["font.h"]),
    "page": (["core"], ["display.h"]),
    "pkg": (["core"], ["package.h"]),
    "data": (["core"], ["evidence.h", "program.h", "decimal.h"]),
    "sheet": (["core"], ["sheet.h", "table.h"]),
    "score": (["core", "data", "sheet"], []),
    "fill": (["core", "pkg", "data"], ["fill.h"]),
    "doc": (["core", "page"], ["doc.h"]),
    "layout": (["core", "font", "page", "doc"], ["layout.h"]),
    "render": (["core", "font", "page", "doc", "layout"], ["device.h"]),
    "report": (["core", "font", "page", "doc", "layout", "render", "pkg", "data", "score", "fill"], ["report.h"]),
    "pack": (["core", "data", "score", "sheet", "pkg", "fill", "render", "report"], []),
    # the web front end, inside the library: the public API of the modules below, and core
    "serve": (["core", "sheet", "data", "score", "fill", "render", "report", "pack"], []),
    "cli": ([], []),  # the public API only (tianbiao/tianbiao.h)
}

# Public headers and the module behind each; tianbiao.h (everything) is for front ends.
PUBLIC = {
    "tb_core.h": "core", "tb_version.h": "core", "tb_evidence.h": "data", "tb_program.h": "data", "tb_score.h": "score",
    "tb_fill.h": "fill", "tb_render.h": "render", "tb_report.h": "report", "tb_pack.h": "pack",
    "tb_serve.h": "serve",
}
FRONT_ENDS = {"cli"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def check_file(module, path, problems):
    deps, _ = LAYERS[module]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    rel = os.path.relpath(path, SRC)
    for inc in INCLUDE.findall(text):
        if "/" not in inc:
            problems.append(f"{rel}: includes \"{inc}\": name headers by module (\"{module}/{inc}\")")
            continue
        owner, name = inc.split("/", 1)
        if owner == module:
            continue
        if owner == "tianbiao":
            if name == "tianbiao.h":
                if module not in FRONT_ENDS:
                    problems.append(f"{rel}: includes tianbiao/tianbiao.h, which is for front ends")
                continue
            target = PUBLIC.get(name)
            if target is None:
                problems.append(f"{rel}: includes unknown public header {inc}")
            elif target != module and target not in deps and module not in FRONT_ENDS:
                problems.append(f"{rel}: includes {inc} of module {target}, which sits above {module}")
            continue
        if owner not in LAYERS:
            problems.append(f"{rel}: includes {inc} of unknown module {owner}")
            continue
        if owner not in deps:
            problems.append(f"{rel}: includes {inc}: {module} may not use {owner} "
                            f"(it may use: {', '.join(deps) or 'the public API only'})")
        elif name not in LAYERS[owner][1]:
            problems.append(f"{rel}: includes {inc}, a header private to {owner} "
                            f"(its interface: {', '.join(LAYERS[owner][1])})")


def main():
    problems = []
    seen = 0
    for module in sorted(os.listdir(SRC)):
        mdir = os.path.join(SRC, module)
        if not os.path.isdir(mdir) or module == "include":
            continue
        if module not in LAYERS:
            problems.append(f"src/{module}/: a module without a place in the layering: "
                            "add a row to tests/qa/test_layers.py and to docs/design.md")
            continue
        for name in sorted(os.listdir(mdir)):
            if name.endswith((".c", ".h")):
                check_file(module, os.path.join(mdir, name), problems)
                seen += 1
        for header in LAYERS[module][1]:
            if not os.path.exists(os.path.join(mdir, header)):
                problems.append(f"src/{module}/{header}: listed as interface but missing")
    # Public headers include public headers only.
    pub = os.path.join(SRC, "include", "tianbiao")
    for name in sorted(os.listdir(pub)):
        with open(os.path.join(pub, name), encoding="utf-8") as f:
            for inc in INCLUDE.findall(f.read()):
                if not inc.startswith("tianbiao/"):
                    problems.append(f"include/tianbiao/{name}: includes internal header {inc}")
    for p in problems:
        print("FAIL", p)
    print(f"{seen} files checked, {len(problems)} problem(s)")
    return 1 if problems or seen < 50 else 0


if __name__ == "__main__":
    sys.exit(main())
