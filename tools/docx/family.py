"""Reads a plan text of the family (DESIGN.md, "The source text") into blocks, for the scripts
that make .docx renditions of it. It follows the layout rules of plandoc's text recogniser
(src/recognise), written again here so the renditions do not depend on plandoc itself.

Blocks, in order:
  ("heading", kind, number, title, raw)   kind: preface | chapter | section | glossary
  ("para", text)
  ("table", title or None, header, rows)  header: [cell]; rows: [("category", cell) |
                                          ("data", [cell]) | ("note", [cell])];
                                          cell: [fragment, ...] (its lines, TAB removed)
  ("box", heading_line, [line, ...])
"""

import re

SPACES = " \t\u3000\u00a0\uf020\ufeff"
NUMERAL = "〇零一二三四五六七八九十百两"


def compact(s):
    return "".join(c for c in s if c not in SPACES and not c.isspace())


def numeral(s):
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if s == "十":
        return 10
    if "十" in s:
        a, b = s.split("十", 1)
        return (digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0)
    return digits.get(s)


def heading(line):
    s = line.strip(SPACES)
    c = compact(s)
    if c == "前言":
        return ("preface", 0, "前言")
    if c == "名词解释":
        return ("glossary", 0, "名词解释")
    if len(s) > 48 or s.endswith(("。", "；")):
        return None
    if s.startswith("专栏"):
        m = re.match(r"专栏([0-9一二三四五六七八九十]+)", s)
        return ("box", numeral(m.group(1)), s[m.end():]) if m else None
    m = re.match(r"第([" + NUMERAL + r"0-9]+)\s*([章节])(.*)$", s)
    if not m or not m.group(3).strip() or len(m.group(3)) > 40:
        return None
    n = numeral(m.group(1).strip())
    if n is None:
        return None
    return ("chapter" if m.group(2) == "章" else "section", n, m.group(3).strip(SPACES))


def classify(line):
    if line.startswith("\t"):
        return ("cell", line[1:])
    if not line.strip(SPACES):
        return ("blank", None)
    h = heading(line)
    if h:
        return ("heading", h)
    return ("text", line)


def read(text):
    lines = text.split("\n")
    blocks = []
    i = 0
    glossary = False
    while i < len(lines):
        kind, value = classify(lines[i])
        if kind == "blank":
            i += 1
        elif kind == "heading" and value[0] == "box":
            i, box = read_box(lines, i)
            blocks.append(box)
        elif kind == "heading":
            glossary = value[0] == "glossary"
            blocks.append(("heading", value[0], value[1], value[2], lines[i]))
            i += 1
        elif kind == "cell" and not glossary:
            title = None
            if blocks and blocks[-1][0] == "para":
                title = blocks.pop()[1]
            i, table = read_table(lines, i, title)
            blocks.append(table)
        else:
            blocks.append(("para", value if kind == "text" else lines[i]))
            i += 1
    return blocks


def read_box(lines, i):
    head = lines[i].strip(SPACES)
    body = []
    i += 1
    blanks = 0
    while i < len(lines):
        kind, value = classify(lines[i])
        if kind == "blank":
            blanks += 1
        elif kind == "heading":
            break
        else:
            if blanks >= 2 and body:
                break
            body.append(value)
            blanks = 0
        i += 1
    return i, ("box", head, body)


def read_table(lines, i, title):
    cells = []  # (fragments, after_blank)
    blanks = 0
    while i < len(lines):
        kind, value = classify(lines[i])
        if kind == "blank":
            blanks += 1
        elif kind == "heading":
            break
        elif kind == "cell":
            cells.append(([value], blanks > 0))
            blanks = 0
        else:
            if not cells or blanks > 1:
                break
            cells[-1][0].append(value)
            blanks = 0
        i += 1
    chunks = []
    for frags, after_blank in cells:
        if chunks and not after_blank:
            chunks[-1].append(frags)
        else:
            chunks.append([frags])
    header, rest = chunks[0], chunks[1:]
    width = len(header)
    rows = []
    k = 0
    while k < len(rest):
        c = rest[k]
        if len(c) == 2 and compact(c[0][0]).rstrip("：:") == "备注":
            rows.append(("note", c))
            k += 1
        elif len(c) % width == 0:
            for j in range(0, len(c), width):
                rows.append(("data", c[j:j + width]))
            k += 1
        else:
            total, span = 0, None
            for j, cc in enumerate(rest[k:]):
                total += len(cc)
                if total == width:
                    span = j + 1
                    break
                if total > width:
                    break
            if span:
                rows.append(("data", [x for cc in rest[k:k + span] for x in cc]))
                k += span
            elif len(c) == 1 and k + 1 < len(rest):
                rows.append(("category", c[0]))
                k += 1
            else:
                raise ValueError(f"table {title!r}: a row of {len(c)} cells, expected {width}")
    return i, ("table", title, header, rows)


def is_empty(cell):
    return not "".join(cell).strip(SPACES)
