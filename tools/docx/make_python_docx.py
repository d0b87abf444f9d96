"""Makes tests/fixtures/docx/wangcang-python-docx.docx from the example text with python-docx,
as a writer of Word files would: heading styles (Heading 1 / Heading 2) whose chapter and
section numbers are automatic (numbering.xml: 第%1章 and 第%2节 in Chinese counting, linked to
the styles; 前言 and 名词解释 switch numbering off), real tables (a category as a vertically
merged first column under a header cell spanning two columns, the indicators table's domains as
a vertically merged first column, a 备注 row spanning the rest), line breaks inside cells, and
each project box as a one-cell frame.

    python3 -m venv .ci/venv && .ci/venv/bin/pip install python-docx
    .ci/venv/bin/python tools/docx/make_python_docx.py [source.txt] [out.docx]
"""

import datetime
import os
import sys

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

sys.path.insert(0, os.path.dirname(__file__))
import family  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
STEM = "wangcang-public-services-2021-2025"

NUMBERING = f"""<w:abstractNum {nsdecls('w')} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:pStyle w:val="Heading1"/><w:suff w:val="space"/><w:lvlText w:val="第%1章"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:pStyle w:val="Heading2"/><w:suff w:val="space"/><w:lvlText w:val="第%2节"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
NUM = f"""<w:num {nsdecls('w')} w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""


def set_numbering(doc):
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(docx.oxml.ns.qn("w:num"))
    abstract = parse_xml(NUMBERING)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(NUM))
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = doc.styles[name].element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90


def no_number(paragraph):
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = 0


def fill(cell, fragments):
    """A cell's lines, joined by line breaks inside one paragraph."""
    p = cell.paragraphs[0]
    run = p.add_run(fragments[0] if fragments else "")
    for f in fragments[1:]:
        run.add_break()
        run.add_text(f)


def add_table(doc, title, header, rows):
    if title is not None:
        doc.add_paragraph(title)
    categories = any(kind == "category" for kind, _ in rows)
    width = len(header) + (1 if categories else 0)
    body = [r for r in rows if r[0] != "category"]
    table = doc.add_table(rows=1 + len(body), cols=width)
    table.style = "Table Grid"
    shift = 1 if categories else 0
    for k, cell in enumerate(header):
        fill(table.cell(0, k + shift), cell)
    if categories:
        table.cell(0, 0).merge(table.cell(0, 1))
    category = None  # (first row index, text)
    merges = []
    r = 0
    for kind, value in rows:
        if kind == "category":
            category = [None, value]
            continue
        r += 1
        if kind == "note":
            fill(table.cell(r, 0), value[0])
            fill(table.cell(r, 1 + shift), value[1])
            if shift:
                table.cell(r, 0).merge(table.cell(r, 1))
            table.cell(r, 1 + shift).merge(table.cell(r, width - 1))
            continue
        for k, cell in enumerate(value):
            fill(table.cell(r, k + shift), cell)
        if categories:
            if category is None:
                table.cell(r, 0).merge(table.cell(r, 1))
            elif category[0] is None:
                category[0] = r
                fill(table.cell(r, 0), category[1])
                merges.append([r, r])
            else:
                merges[-1][1] = r
        elif r > 1 and family.is_empty(value[0]):
            # The family's "same as above" first cell: merged with the cell above.
            if merges and merges[-1][1] == r - 1:
                merges[-1][1] = r
            else:
                merges.append([r - 1, r])
    for first, last in merges:
        if last > first:
            table.cell(first, 0).merge(table.cell(last, 0))
    return table


def add_box(doc, head, lines):
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.cell(0, 0)
    cell.paragraphs[0].add_run(head)
    for line in lines:
        cell.add_paragraph(line)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "source", STEM + ".txt")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "tests", "fixtures", "docx", "wangcang-python-docx.docx")
    with open(src, encoding="utf-8") as f:
        blocks = family.read(f.read())
    doc = docx.Document()
    set_numbering(doc)
    chapter = section = 0
    for b in blocks:
        if b[0] == "heading":
            _, kind, number, title, raw = b
            if kind in ("preface", "glossary"):
                no_number(doc.add_paragraph(title, style="Heading 1"))
            elif kind == "chapter":
                chapter, section = chapter + 1, 0
                assert number == chapter, f"chapter {number} is not numbered in order"
                doc.add_paragraph(title, style="Heading 1")
            else:
                section += 1
                assert number == section, f"section {number} is not numbered in order"
                doc.add_paragraph(title, style="Heading 2")
        elif b[0] == "para":
            doc.add_paragraph(b[1])
        elif b[0] == "table":
            add_table(doc, *b[1:])
        elif b[0] == "box":
            add_box(doc, b[1], b[2])
    when = datetime.datetime(2021, 1, 1)
    props = doc.core_properties
    props.created = props.modified = when
    props.author = props.last_modified_by = "plandoc tools/docx"
    props.title = "旺苍县“十四五”公共服务规划"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    doc.save(out)
    print(out)


if __name__ == "__main__":
    main()
