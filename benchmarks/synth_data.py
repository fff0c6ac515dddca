"""Turn a synthetic corpus (``scripts/synth_corpus.py``) into ``passages.jsonl`` + ``reports.json``.

A deliberately simple splitter, so the search benchmark does not depend on the real parser: it
knows only the synthetic format (title line, preamble, ``一、`` sections, ``（一）`` subsections,
``一是`` points). Output follows the data-export contract in DESIGN.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

SECTION = re.compile(r"^[一二三四五六七八九十]+、(.+)$")
SUBSECTION = re.compile(r"^（[一二三四五六七八九十]+）([^。]+)。(.*)$")
POINT_SPLIT = re.compile(r"(?=[一二三四五六七八九十]是)")
ROLES = (("问题", "problems"), ("原因", "causes"), ("根源", "causes"), ("整改", "measures"))
YEAR_MEETING = {
    "niandu": "年度民主生活会",
    "zhuti-jiaoyu": "主题教育专题",
    "dangshi-zhuanti": "党史学习教育专题",
}
LEVEL = {"市": "市级", "区": "区级", "县": "县级", "镇": "乡镇"}


def _role(heading: str) -> str:
    return next((role for word, role in ROLES if word in heading), "other")


def _anchor(slug: str, text: str, seen: set[str]) -> str:
    digest = hashlib.blake2b(text.encode(), digest_size=5).hexdigest()
    anchor = f"p-{digest}"
    while anchor in seen:
        anchor += "x"
    seen.add(anchor)
    return anchor


def split_report(slug: str, text: str) -> tuple[dict, list[dict]]:
    """One synthetic report as a ``reports.json`` entry and its passages."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, body = lines[0], lines[1:]
    passages: list[dict] = []
    sections: list[dict] = []
    seen: set[str] = set()
    state = {"role": "preamble", "section": None, "heading": None, "s": 0, "sub": 0}

    def add(kind: str, txt: str, path: str, lead: str | None = None) -> str:
        anchor = _anchor(slug, txt, seen)
        passages.append(
            {
                "id": f"{slug}#{anchor}",
                "report": slug,
                "url": f"reports/{slug}/#{anchor}",
                "kind": kind,
                "role": state["role"],
                "path": path,
                "section": state["section"],
                "heading": state["heading"],
                "lead": lead,
                "text": txt,
                "themes": [],
                "problem_types": [],
            }
        )
        return anchor

    def points(rest: str, prefix: str) -> None:
        parts = [p for p in POINT_SPLIT.split(rest) if p]
        for i, part in enumerate(parts):
            is_point = part[1:2] == "是" and "。" in part
            lead = part[2:].split("。", 1)[0] if is_point else None
            add("point" if is_point else "para", part, f"{prefix}.{i + 1}", lead)

    for line in body:
        if m := SECTION.match(line):
            state.update(role=_role(m[1]), section=m[1], heading=None, s=state["s"] + 1, sub=0)
            sections.append(
                {
                    "role": state["role"],
                    "heading": m[1],
                    "anchor": add("heading", line, str(state["s"])),
                }
            )
        elif m := SUBSECTION.match(line):
            state.update(heading=m[1], sub=state["sub"] + 1)
            prefix = f"{state['s']}.{state['sub']}"
            add("heading", f"{line.split('。', 1)[0]}。", prefix)
            points(m[2], prefix)
        else:
            points(line, str(state["s"]))
    year, *_ = slug.split("-")
    place = next((v for k, v in LEVEL.items() if k in title[:6]), "其他")
    meeting = next((v for k, v in YEAR_MEETING.items() if k in slug), "其他")
    report = {
        "slug": slug,
        "title": title,
        "url": f"reports/{slug}/",
        "source": f"{slug}.txt",
        "year": year,
        "meeting": meeting,
        "body": title.split("20")[0],
        "level": place,
        "collective": "个人" if "负责人" in title or "成员" in title else "集体",
        "sections": sections,
        "counts": {
            "passages": len(passages),
            "points": sum(p["kind"] == "point" for p in passages),
        },
    }
    return report, passages


def convert(corpus: Path, out: Path) -> tuple[Path, Path]:
    """Write ``out/passages.jsonl`` and ``out/reports.json`` for every ``*.txt`` in ``corpus``."""
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    with (out / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for path in sorted(corpus.glob("*.txt")):
            report, passages = split_report(path.stem, path.read_text(encoding="utf-8"))
            reports.append(report)
            for p in passages:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    (out / "reports.json").write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
    return out / "passages.jsonl", out / "reports.json"
