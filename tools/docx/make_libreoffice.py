"""Makes tests/fixtures/docx/wangcang-libreoffice.docx from the example text a second,
independent way: an HTML rendition (h1/h2 headings with their numbers written out, p
paragraphs, tables whose categories and domains are cells with rowspan under a header cell with
colspan, 备注 rows with colspan, several paragraphs in a cell, each project box a one-cell table
after its heading paragraph) converted by LibreOffice headless into Word's format.

    python3 tools/docx/make_libreoffice.py [source.txt] [out.docx]

Needs soffice (Debian: libreoffice-writer). The HTML is kept beside the output as .html.
"""

import html
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import family  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
STEM = "wangcang-public-services-2021-2025"


def text(s):
    """Escaped text whose runs of spaces survive HTML's whitespace collapsing."""
    s = html.escape(s)
    while "  " in s:
        s = s.replace("  ", " &nbsp;")
    return s


def cell(tag, fragments, attrs=""):
    inner = "".join(f"<p>{text(f)}</p>" for f in fragments) or "<p></p>"
    return f"<{tag}{attrs}>{inner}</{tag}>"


def table(title, header, rows):
    out = []
    if title is not None:
        out.append(f"<p>{text(title)}</p>")
    out.append('<table border="1" cellspacing="0">')
    categories = any(kind == "category" for kind, _ in rows)
    width = len(header) + (1 if categories else 0)
    head = [cell("th", c) for c in header]
    if categories:
        head[0] = cell("th", header[0], ' colspan="2"')
    out.append("<tr>" + "".join(head) + "</tr>")
    # Rows of the body, each [(tag attrs, fragments)], with rowspans counted below.
    body = []
    category = None
    origin = None  # the first cell a run of empty first cells merges with
    for kind, value in rows:
        if kind == "category":
            category = {"text": value, "rows": 0, "at": None}
            continue
        if kind == "note":
            first = ' colspan="2"' if categories else ""
            body.append([cell("td", value[0], first),
                         cell("td", value[1], f' colspan="{width - 1 - (1 if categories else 0)}"')])
            continue
        cells = [cell("td", c) for c in value]
        if categories:
            if category is None:
                cells[0] = cell("td", value[0], ' colspan="2"')
            elif category["at"] is None:
                category["at"] = (len(body), 0)
                category["rows"] = 1
                cells.insert(0, ("category", category))
            else:
                category["rows"] += 1
        elif origin is not None and family.is_empty(value[0]):
            # The family's "same as above" first cell: the first cell above spans this row.
            origin["rows"] += 1
            cells = cells[1:]
        else:
            origin = {"text": value[0], "rows": 1}
            cells[0] = ("merged", origin)
        body.append(cells)
    for r in body:
        html_cells = []
        for c in r:
            if isinstance(c, tuple):
                info = c[1]
                html_cells.append(cell("td", info["text"], f' rowspan="{info["rows"]}"'))
            else:
                html_cells.append(c)
        out.append("<tr>" + "".join(html_cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render(blocks):
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<title>旺苍县“十四五”公共服务规划</title></head><body>']
    for b in blocks:
        if b[0] == "heading":
            _, kind, number, title, raw = b
            tag = "h2" if kind == "section" else "h1"
            out.append(f"<{tag}>{text(raw.strip(family.SPACES))}</{tag}>")
        elif b[0] == "para":
            out.append(f"<p>{text(b[1])}</p>")
        elif b[0] == "table":
            out.append(table(*b[1:]))
        elif b[0] == "box":
            out.append(f"<p>{text(b[1])}</p>")
            out.append('<table border="1" cellspacing="0"><tr>' + cell("td", b[2]) + "</tr></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "source", STEM + ".txt")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "tests", "fixtures", "docx", "wangcang-libreoffice.docx")
    with open(src, encoding="utf-8") as f:
        blocks = family.read(f.read())
    page = render(blocks)
    html_path = os.path.splitext(out)[0] + ".html"
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(page)
    with tempfile.TemporaryDirectory() as tmp:
        name = os.path.join(tmp, "plan.html")
        shutil.copy(html_path, name)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML",
             "--outdir", tmp, name],
            check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "plan.docx"), out)
    print(out)


if __name__ == "__main__":
    main()
