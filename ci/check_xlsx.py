#!/usr/bin/env python3
"""Conformance check of plandoc's Excel output, read with openpyxl (not with our own code).

Usage: python ci/check_xlsx.py OUTDIR [OUTDIR ...]

For every OUTDIR/<stem>/ holding a plan.json, checks plan.xlsx and departments/*.xlsx:
the workbook opens; the sheets are there in order; header rows; frozen header (pane at A2);
autofilter over the header and every row; A4 landscape, one page wide, header row repeated;
no formula anywhere; indicator values are numbers (empty where plan.json has null); row
counts equal to what plan.json holds (each department: only its domains, never more than the
whole plan); one workbook per department, and no other. Prints one line per workbook and a
summary; exits 1 on any failure, 2 on a usage error.
"""

import json
import sys
import unicodedata
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

SHEETS = ["说明", "主要指标", "基本标准", "重点项目", "重点任务", "全文", "其他表格", "名词解释"]

HEADERS = {
    "说明": ["项目", "内容"],
    "基本标准": ["编号", "领域", "类别", "服务项目", "服务对象", "保障标准", "支出责任", "覆盖水平", "来源行"],
    "重点项目": ["编号", "领域", "专栏", "类别", "项目名称", "项目内容"],
    "重点任务": ["编号", "领域", "章", "节", "任务", "内容"],
    "全文": ["编号", "篇", "章", "节", "专栏", "类型", "段落"],
    "名词解释": ["术语", "释义"],
}

TASKS_SECTION = "重点任务"
PAPER_A4 = 9

# File names for departments: the same rule as plandoc::write::safe_file_stem/unique_file_stems.
FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}


def safe_file_stem(name):
    mapped = "".join("_" if c in FORBIDDEN or unicodedata.category(c) == "Cc" else c for c in name)[:80]
    trimmed = mapped.strip(". \t\r\n\u3000")
    if not trimmed or set(trimmed) == {"_"}:
        return "_"
    if trimmed.upper() in RESERVED:
        return "_" + trimmed
    return trimmed


def unique_file_stems(names):
    out = []
    for name in names:
        base = candidate = safe_file_stem(name)
        n = 2
        while any(o.lower() == candidate.lower() for o in out):
            candidate = f"{base}-{n}"
            n += 1
        out.append(candidate)
    return out


def indicator_headers(plan):
    info = plan["plan"]
    base = f"{info['baselineYear']}年" if "baselineYear" in info else "基期"
    end = f"{info['period']['end']}年" if "period" in info else "目标"
    return ["编号", "领域", "指标", "单位", base, end, f"{base}原文", f"{end}原文", "备注", "类别", "属性", "变化", "来源行"]


def other_headers(plan):
    """其他表格: four columns, then one per cell of the widest row (at least one)."""
    width = max([len(t["columns"]) for t in other_tables(plan)]
                + [len(row) for t in other_tables(plan) for row in t.get("rows", [])]
                + [1])
    return ["编号", "表名", "章", "行"] + [f"第{n}列" for n in range(1, width + 1)]


def other_tables(plan):
    return [t for t in plan["tables"] if t["kind"] == "other"]


def texts(plan):
    """(chapter, section, box, block) for every paragraph and heading of 全文, in order: the
    preface and the boxes standing in it, then each chapter's blocks (a box reference stands
    for its blocks), then the chapter's boxes referred to nowhere."""
    boxes = {b["id"]: b for b in plan["boxes"]}
    referred = {
        b["ref"]
        for ch in plan["chapters"]
        for blocks in [ch.get("intro", [])] + [s.get("blocks", []) for s in ch.get("sections", [])]
        for b in blocks
        if b.get("type") == "box"
    }

    def walk(blocks, ch, sec, box):
        out = []
        for b in blocks:
            if b.get("type") in ("paragraph", "heading"):
                out.append((ch, sec, box, b))
            elif b.get("type") == "box" and box is None and b["ref"] in boxes:
                out += walk(boxes[b["ref"]].get("blocks", []), ch, sec, boxes[b["ref"]])
        return out

    def unreferred(chapter_id):
        return [b for b in plan["boxes"] if b.get("chapter") == chapter_id and b["id"] not in referred]

    out = [(None, None, None, p) for p in plan.get("preface", [])]
    for b in unreferred(None):
        out += walk(b.get("blocks", []), None, None, b)
    for ch in plan["chapters"]:
        out += walk(ch.get("intro", []), ch, None, None)
        for sec in ch.get("sections", []):
            out += walk(sec.get("blocks", []), ch, sec, None)
        for b in unreferred(ch["id"]):
            out += walk(b.get("blocks", []), ch, None, b)
    return out


def subset(plan, codes):
    """The records of a department's workbook: as plandoc's Plan::subset."""
    chapters = [c for c in plan["chapters"] if c.get("domain") in codes]
    chapter_ids = {c["id"] for c in chapters}
    boxes = [b for b in plan["boxes"] if b.get("chapter") in chapter_ids]
    box_ids = {b["id"] for b in boxes}
    indicators = [i for i in plan["indicators"] if i.get("domain") in codes]
    standards = [s for s in plan["standards"] if s.get("domain") in codes]
    row_tables = {r["table"] for r in indicators + standards}
    return {
        **plan,
        "preface": [],
        "chapters": chapters,
        "tables": [t for t in plan["tables"] if t.get("chapter") in chapter_ids or t["id"] in row_tables],
        "indicators": indicators,
        "standards": standards,
        "boxes": boxes,
        "projects": [p for p in plan["projects"] if p["box"] in box_ids],
    }


def expected_rows(plan):
    return {
        "主要指标": len(plan["indicators"]),
        "基本标准": len(plan["standards"]),
        "重点项目": len(plan["projects"]),
        "重点任务": sum(
            1
            for _, sec, box, p in texts(plan)
            if box is None
            and p.get("type") == "paragraph"
            and sec is not None
            and sec["title"].strip() == TASKS_SECTION
            and p.get("lead")
        ),
        "全文": len(texts(plan)),
        "其他表格": sum(1 + len(t.get("rows", [])) for t in other_tables(plan)),
        "名词解释": len(plan["glossary"]),
    }


def check_workbook(path, plan, errors):
    """Checks one workbook against the plan (already narrowed for a department); row counts."""
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        errors.append(f"{path}: does not open: {e}")
        return None
    if wb.sheetnames != SHEETS:
        errors.append(f"{path}: sheets {wb.sheetnames}, expected {SHEETS}")
        return None
    if not wb.properties.title or not wb.properties.creator:
        errors.append(f"{path}: document properties lack a title or an author")
    headers = dict(HEADERS, 主要指标=indicator_headers(plan), 其他表格=other_headers(plan))
    counts = {}
    for name in SHEETS:
        ws = wb[name]
        where = f"{path} [{name}]"
        header = [c.value for c in ws[1]]
        if header != headers[name]:
            errors.append(f"{where}: header {header}, expected {headers[name]}")
        if ws.freeze_panes != "A2":
            errors.append(f"{where}: frozen pane at {ws.freeze_panes}, expected A2")
        last = f"{get_column_letter(len(headers[name]))}{ws.max_row}"
        if ws.auto_filter.ref != f"A1:{last}":
            errors.append(f"{where}: autofilter {ws.auto_filter.ref!r}, expected 'A1:{last}'")
        if ws.page_setup.orientation != "landscape" or str(ws.page_setup.paperSize) != str(PAPER_A4):
            errors.append(f"{where}: not A4 landscape")
        fit = ws.sheet_properties.pageSetUpPr
        if (
            not (fit and fit.fitToPage)
            or ws.page_setup.fitToWidth not in (None, 1, "1")  # absent means 1
            or ws.page_setup.fitToHeight not in (0, "0")
        ):
            errors.append(f"{where}: not fitted to one page wide")
        if ws.print_title_rows not in ("1:1", "$1:$1"):
            errors.append(f"{where}: header row not repeated on printed pages ({ws.print_title_rows})")
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    errors.append(f"{where} {cell.coordinate}: a formula {cell.value!r}")
        counts[name] = ws.max_row - 1
    for name, n in expected_rows(plan).items():
        if counts[name] != n:
            errors.append(f"{path} [{name}]: {counts[name]} rows, plan.json has {n}")
    check_values(path, wb["主要指标"], plan, errors)
    check_merges(path, wb["基本标准"], errors)
    return counts


def check_values(path, ws, plan, errors):
    """Baseline and target are numbers where plan.json has a value, empty where it has null."""
    for row, ind in zip(ws.iter_rows(min_row=2), plan["indicators"]):
        if row[0].value != ind["id"]:
            errors.append(f"{path} [主要指标] {row[0].coordinate}: {row[0].value!r}, expected {ind['id']!r}")
        for cell, value in ((row[4], ind["baseline"]), (row[5], ind["target"])):
            v = value.get("value")
            if v is None:
                if cell.value is not None:
                    errors.append(f"{path} [主要指标] {cell.coordinate}: {cell.value!r} where plan.json has null")
            elif cell.data_type != "n" or not isinstance(cell.value, (int, float)) or abs(cell.value - v) > 1e-9:
                errors.append(f"{path} [主要指标] {cell.coordinate}: {cell.value!r}, expected the number {v}")
            else:
                want = written_format(value["text"])
                if want is not None and cell.number_format != want:
                    errors.append(
                        f"{path} [主要指标] {cell.coordinate}: format {cell.number_format!r} "
                        f"does not show {value['text']!r} as written ({want!r})"
                    )


def written_format(text):
    """The number format that shows a plain number text (`90.3`, `4%`) as written, else None."""
    t = text.strip().rstrip("%％").strip()
    try:
        float(t)
    except ValueError:
        return None
    if "e" in t.lower():
        return None
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return "0" if decimals == 0 else "0." + "0" * decimals


def check_merges(path, ws, errors):
    """Merged ranges only in 类别 (column C), never over the header."""
    for rng in ws.merged_cells.ranges:
        if rng.min_col != 3 or rng.max_col != 3 or rng.min_row < 2:
            errors.append(f"{path} [基本标准]: unexpected merged range {rng.coord}")


def check_plan_dir(plan_dir, errors):
    plan_json = plan_dir / "plan.json"
    try:
        plan = json.loads(plan_json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        errors.append(f"{plan_json}: cannot read: {e}")
        return 0
    checked = 0
    before = len(errors)
    full = check_workbook(plan_dir / "plan.xlsx", plan, errors)
    if full is not None:
        checked += 1
        report(plan_dir / "plan.xlsx", full, len(errors) > before)

    departments = []
    for d in plan["domains"]:
        if d.get("department") and d["department"] not in departments:
            departments.append(d["department"])
    stems = unique_file_stems(departments)
    expected = {f"{s}.xlsx" for s in stems}
    dep_dir = plan_dir / "departments"
    found = {p.name for p in dep_dir.glob("*.xlsx")} if dep_dir.is_dir() else set()
    for extra in sorted(found - expected):
        errors.append(f"{dep_dir / extra}: no department of plan.json has this file")
    for dep, stem in zip(departments, stems):
        path = dep_dir / f"{stem}.xlsx"
        if not path.is_file():
            errors.append(f"{path}: missing (department {dep})")
            continue
        codes = {d["code"] for d in plan["domains"] if d.get("department") == dep}
        before = len(errors)
        counts = check_workbook(path, subset(plan, codes), errors)
        if counts is None:
            continue
        checked += 1
        if full is not None:
            for name, n in counts.items():
                if n > full[name]:
                    errors.append(f"{path} [{name}]: {n} rows, more than the whole plan's {full[name]}")
        report(path, counts, len(errors) > before)
    return checked


def report(path, counts, failed):
    rows = ", ".join(f"{name} {n}" for name, n in counts.items())
    print(f"{'FAIL' if failed else 'ok  '} {path}: {rows}")


def main(argv):
    if len(argv) < 2 or any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    errors = []
    checked = 0
    for out in map(Path, argv[1:]):
        if not out.is_dir():
            print(f"check_xlsx: {out}: not a directory", file=sys.stderr)
            return 2
        plan_dirs = sorted(p.parent for p in out.glob("*/plan.json"))
        if not plan_dirs:
            errors.append(f"{out}: no <stem>/plan.json inside")
        for plan_dir in plan_dirs:
            checked += check_plan_dir(plan_dir, errors)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    status = "FAILED" if errors else "ok"
    print(f"check_xlsx: {status}: {checked} workbook(s) read, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
