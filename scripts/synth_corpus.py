"""Generate a synthetic corpus of 对照检查材料 in the genre's plain-text format.

Phrases come from ``scripts/synth_vocab.txt`` (clauses, headings and point leads taken from the
five seed reports) and are recombined with a seeded RNG, so the same ``--seed`` always gives the
same files. Used to benchmark search and build speed at scale::

    python scripts/synth_corpus.py --n 10000 --out /tmp/synth --seed 1
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

VOCAB = Path(__file__).with_name("synth_vocab.txt")
NUMS = "一二三四五六七八九十"
NUMBERED = re.compile(
    r"[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]是|[一二三四五六七八九十]、"
)

#: (year label, meeting phrase, slug part, checking aspects used as subsection headings)
MEETINGS = (
    (
        "2019",
        "“不忘初心、牢记使命”专题民主生活会",
        "zhuti-jiaoyu",
        (
            "对照习近平新时代中国特色社会主义思想和党中央决策部署",
            "对照党章党规",
            "对照人民群众新期待",
            "对照先进典型、身边榜样",
        ),
    ),
    (
        "2020",
        "2020年度民主生活会",
        "niandu",
        (
            "学懂弄通做实习近平新时代中国特色社会主义思想",
            "提高政治判断力、政治领悟力、政治执行力",
            "贯彻落实党中央决策部署",
            "坚守人民情怀",
            "落实全面从严治党责任",
        ),
    ),
    (
        "2021",
        "党史学习教育专题民主生活会",
        "dangshi-zhuanti",
        (
            "带头深刻感悟“两个确立”的决定性意义",
            "带头学习贯彻党的创新理论",
            "带头践行以人民为中心的发展思想",
            "带头增强历史自觉、弘扬优良传统",
            "带头落实全面从严治党政治责任",
        ),
    ),
    (
        "2022",
        "2022年度民主生活会",
        "niandu",
        (
            "带头学习贯彻习近平新时代中国特色社会主义思想",
            "带头贯彻落实党中央决策部署",
            "带头践行以人民为中心的发展思想",
            "带头发扬斗争精神",
            "带头落实全面从严治党政治责任",
        ),
    ),
    (
        "2023",
        "主题教育专题民主生活会",
        "zhuti-jiaoyu",
        ("理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"),
    ),
    (
        "2024",
        "2024年度民主生活会",
        "niandu",
        (
            "带头严守政治纪律和政治规矩",
            "带头增强党性、严守纪律、砥砺作风",
            "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新",
            "带头履行全面从严治党政治责任",
        ),
    ),
    (
        "2025",
        "2025年度民主生活会",
        "niandu",
        (
            "带头强化政治忠诚、提高政治能力",
            "带头固本培元、增强党性",
            "带头敬畏人民、敬畏组织、敬畏法纪",
            "带头干事创业、担当作为",
            "带头坚决扛起管党治党责任",
        ),
    ),
)
PLACES = ("市", "区", "县", "镇", "xx市", "**区", "某县", "XX镇", "市直机关", "区直机关")
BODIES = (
    ("政府党组", "zhengfu-dangzu"),
    ("委常委班子", "changwei-banzi"),
    ("人大常委会党组", "renda"),
    ("政协党组", "zhengxie"),
    ("纪委监委班子", "jiwei"),
    ("教育局党委", "jiaoyu"),
    ("卫健委党组", "weijian"),
    ("主要负责人", "fuzeren"),
    ("班子成员", "banzi-chengyuan"),
)
PROBLEM_HEADS = ("存在的主要问题", "查找的突出问题", "检视出的问题", "存在的问题")
CAUSE_HEADS = ("原因剖析", "产生问题的原因分析", "问题根源剖析", "原因分析")
MEASURE_HEADS = ("整改措施", "努力方向和整改措施", "下一步整改措施", "整改方向")
EXTRAS = (
    "GDP",
    "PPT",
    "D史",
    "ZZ",
    "xx",
    "**",
    "APP",
    "5G",
    "KPI",
    "2023年",
    "15%",
    "x成",
    "3个",
    "12345热线",
    "“十四五”",
    "AI",
)


@dataclass(frozen=True, slots=True)
class Vocab:
    clauses: list[str]
    heads: dict[str, list[str]]
    leads: dict[str, list[str]]


def load_vocab(path: Path = VOCAB) -> Vocab:
    """Read the sectioned phrase list (``[clauses]``, ``[heads:<role>]``, ``[leads:<role>]``)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        else:
            sections[current].append(line)
    roles = ("problems", "causes", "measures")
    # Clauses that carry their own numbering would add outline levels the report doesn't have.
    clauses = [c for c in sections["clauses"] if not NUMBERED.search(c)]
    return Vocab(
        clauses,
        {r: sections[f"heads:{r}"] for r in roles},
        {r: sections[f"leads:{r}"] for r in roles},
    )


def _decorate(rng: random.Random, clause: str) -> str:
    """Now and then add a digit, Latin token or redaction, as real copies have them."""
    roll = rng.random()
    if roll < 0.04:
        return clause + f"，完成{rng.randint(2, 98)}%"
    if roll < 0.07:
        return f"{rng.choice(EXTRAS)}{clause}"
    if roll < 0.09:
        return clause.replace("市", "**市", 1).replace("区", "xx区", 1)
    return clause


def sentence(rng: random.Random, vocab: Vocab) -> str:
    clauses = [_decorate(rng, rng.choice(vocab.clauses)) for _ in range(rng.randint(2, 4))]
    return "，".join(clauses) + "。"


def point(rng: random.Random, vocab: Vocab, role: str, i: int) -> str:
    lead = rng.choice(vocab.leads[role] + vocab.clauses[:200])
    body = "".join(sentence(rng, vocab) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.3:
        body += "如，" + sentence(rng, vocab)
    return f"{NUMS[i]}是{lead}。{body}"


def subsection(rng: random.Random, vocab: Vocab, role: str, i: int, aspects: tuple) -> str:
    head = rng.choice(aspects) if role == "problems" and rng.random() < 0.6 else None
    head = head or rng.choice(vocab.heads[role] or vocab.leads[role])
    head = head if head.endswith("方面") or role != "problems" else f"{head}方面"
    intro = sentence(rng, vocab) if rng.random() < 0.5 else ""
    points = "".join(point(rng, vocab, role, j) for j in range(rng.randint(2, 4)))
    return f"（{NUMS[i]}）{head}。{intro}{points}"


def section(rng: random.Random, vocab: Vocab, role: str, i: int, aspects: tuple) -> list[str]:
    heads = {"problems": PROBLEM_HEADS, "causes": CAUSE_HEADS, "measures": MEASURE_HEADS}[role]
    lines = [f"{NUMS[i]}、{rng.choice(heads)}"]
    if rng.random() < 0.4:
        lines.append(sentence(rng, vocab) + sentence(rng, vocab))
    if role == "problems" or rng.random() < 0.4:
        lines += [subsection(rng, vocab, role, j, aspects) for j in range(rng.randint(3, 4))]
    else:
        lines += [point(rng, vocab, role, j) for j in range(rng.randint(3, 6))]
    return lines


def report(rng: random.Random, vocab: Vocab, k: int) -> tuple[str, str]:
    """One report's file name and text."""
    year, meeting, mslug, aspects = rng.choice(MEETINGS)
    place = rng.choice(PLACES)
    body, bslug = rng.choice(BODIES)
    title = f"{place}{body}{meeting}对照检查材料"
    preamble = "".join(sentence(rng, vocab) for _ in range(rng.randint(2, 4)))
    lines = [title, preamble + "现对照检查如下："]
    for i, role in enumerate(("problems", "causes", "measures")):
        lines += section(rng, vocab, role, i, aspects)
    return f"{year}-{bslug}-{mslug}-{k:05d}.txt", "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int) -> int:
    """Write ``n`` reports to ``out``; returns the total bytes written."""
    vocab = load_vocab()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(n):
        name, text = report(rng, vocab, k)
        # Keep reports in the genre's usual 8-15 KB range: draw again until one fits.
        while not 8000 <= len(text.encode()) <= 15000:
            name, text = report(rng, vocab, k)
        total += len(text.encode())
        (out / name).write_text(text, encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of reports")
    ap.add_argument("--out", type=Path, default=Path("/tmp/synth"), help="output folder")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    size = generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} reports, {size} bytes, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
