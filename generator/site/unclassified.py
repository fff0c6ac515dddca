"""The curator's page 未归类 (issue 12): problem points that got no problem type, clustered by
shared phrasing, so whoever edits ``taxonomy.yml`` sees which wording the patterns miss.

Clusters: the leads' character n-grams (2–6 characters, evaluative glue removed, so 不够 and
存在 do not glue unrelated leads together) are counted by how many leads contain them; the
phrases shared by most leads, longest first among equal counts, each take the leads not yet
taken. A cluster shows its phrase and count, the other phrases frequent inside it, and its
leads with their chips; each lead also shows the problem type its wording resembles most (below
the threshold that would have labelled it), with the similarity, as a hint where it may belong.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.models import Passage, Report
from generator.site import markdown as md
from generator.site.chips import PassageLinks, passage_bits
from generator.site.render import front_matter
from generator.site.urls import relative_docs, report_path
from generator.taxonomy.classify import POINT_ROLES, Compiled, compile_taxonomy
from generator.taxonomy.index import TaxIndex, category_path
from generator.taxonomy.prototypes import Match, normalise

PATH = "unclassified.md"
TITLE = "未归类"
#: Shortest and longest shared phrase, clusters shown, leads shown per cluster.
MIN_N, MAX_N, MAX_CLUSTERS, PER_CLUSTER = 2, 6, 60, 12
#: A phrase must be shared by at least this many leads to make a cluster.
MIN_SHARED = 2


@dataclass(frozen=True, slots=True)
class Point:
    report: Report
    passage: Passage
    lead: str


@dataclass(frozen=True, slots=True)
class Cluster:
    phrase: str
    points: list[Point]
    phrases: list[tuple[str, int]]
    """Other phrases frequent among the cluster's leads, with their counts."""


def unclassified_points(index: TaxIndex) -> list[Point]:
    """Points of problem sections with no problem type, in listing order."""
    out = []
    for report in index.reports:
        for p in report.passages:
            if p.kind != "point" or p.role not in POINT_ROLES:
                continue
            labels = index.labels_at.get((report.slug, p.anchor), ())
            if not any(lb.kind == "problem" for lb in labels):
                out.append(Point(report, p, passage_bits(p)["lead"]))
    return out


def _grams(text: str) -> set[str]:
    """Character n-grams of the lead's content words (no glue, no punctuation)."""
    out: set[str] = set()
    for chunk in _chunks(normalise(text)):
        for n in range(MIN_N, min(MAX_N, len(chunk)) + 1):
            out.update(chunk[i : i + n] for i in range(len(chunk) - n + 1))
    return out


def _chunks(text: str) -> list[str]:
    buf, out = [], []
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or ch.isalnum():
            buf.append(ch)
        elif buf:
            out.append("".join(buf))
            buf = []
    if buf:
        out.append("".join(buf))
    return out


def cluster(points: list[Point]) -> tuple[list[Cluster], list[Point]]:
    """(clusters by shared phrase, largest first; the points no shared phrase groups)."""
    grams = [_grams(pt.lead) for pt in points]
    df: Counter[str] = Counter(g for gs in grams for g in gs)
    # A phrase counts only if no longer phrase containing it is shared by as many leads.
    shared = {g: n for g, n in df.items() if n >= MIN_SHARED}
    for g in sorted(shared, key=len, reverse=True):
        n = shared[g]
        for sub in (g[:-1], g[1:]):
            if shared.get(sub) == n:
                shared[sub] = 0
    ranked = sorted(
        (g for g, n in shared.items() if n), key=lambda g: (-shared[g], -len(g), g)
    )
    taken = [False] * len(points)
    clusters: list[Cluster] = []
    for g in ranked:
        members = [i for i, gs in enumerate(grams) if not taken[i] and g in gs]
        if len(members) < MIN_SHARED:
            continue
        for i in members:
            taken[i] = True
        inner: Counter[str] = Counter(x for i in members for x in grams[i] if len(x) >= 3)
        # ties in a fixed order: the grams are sets, whose order varies between processes
        top = sorted(inner.items(), key=lambda xn: (-xn[1], -len(xn[0]), xn[0]))[:40]
        others = [(x, n) for x, n in top if x not in g and g not in x and n > 1][:5]
        clusters.append(Cluster(g, [points[i] for i in members], others))
        if len(clusters) >= MAX_CLUSTERS:
            break
    rest = [pt for i, pt in enumerate(points) if not taken[i]]
    return clusters, rest


def build_unclassified_page(index: TaxIndex, links: PassageLinks | None = None) -> str:
    """The Markdown of ``unclassified.md``."""
    points = unclassified_points(index)
    clusters, rest = cluster(points)
    links = links or PassageLinks(index)
    comp = compile_taxonomy(index.taxonomy)
    shown = [pt for c in clusters for pt in c.points[:PER_CLUSTER]] + rest[:PER_CLUSTER * 2]
    hints = dict(
        zip(
            (id(pt) for pt in shown),
            comp.prototypes.top_many([pt.lead for pt in shown], "problem", 1),
            strict=True,
        )
    )
    total = sum(
        1
        for r in index.reports
        for p in r.passages
        if p.kind == "point" and p.role in POINT_ROLES
    )
    out = [
        front_matter({"title": TITLE}),
        f"# {TITLE}\n",
        md.escape(
            f"问题部分共 {total} 个要点，其中 {len(points)} 个没有归入任何问题类型。"
            "下面按共同措辞聚类：每组标题是组内要点共有的词语及要点数，其后是组内其他常见词语；"
            "每个要点后的“近似类型”是措辞最接近的问题类型及相似度（未达归类阈值）。"
            "编辑 taxonomy.yml（模式）或 prototypes.yml（典型表述）时可据此补充。"
        )
        + "\n{: .tax-desc }\n",
    ]
    for n, c in enumerate(clusters, 1):
        out.append(f"## 「{md.escape(c.phrase)}」 {len(c.points)} 条 {{: #cluster-{n} }}\n")
        if c.phrases:
            common = "、".join(f"{x}（{k}）" for x, k in c.phrases)
            out.append(md.escape(f"常见措辞：{common}") + "\n{: .tax-phrases }\n")
        out += [_point_md(pt, links, hints.get(id(pt), []), comp) for pt in c.points[:PER_CLUSTER]]
        if len(c.points) > PER_CLUSTER:
            out.append(md.escape(f"……另有 {len(c.points) - PER_CLUSTER} 条") + "\n")
    if rest:
        out.append(f"## 其他 {len(rest)} 条 {{: #cluster-rest }}\n")
        out += [_point_md(pt, links, hints.get(id(pt), []), comp) for pt in rest[: PER_CLUSTER * 2]]
        if len(rest) > PER_CLUSTER * 2:
            out.append(md.escape(f"……另有 {len(rest) - PER_CLUSTER * 2} 条") + "\n")
    if not points:
        out.append("所有问题要点都已归类。\n")
    return "\n".join(out)


def _point_md(pt: Point, links: PassageLinks, hint: list[Match], comp: Compiled) -> str:
    slug, anchor = pt.report.slug, pt.passage.anchor
    url = relative_docs(PATH, f"{report_path(slug)}#{anchor}")
    title = pt.report.meta.title or slug
    lead = md.link(pt.lead or "（无标题）", url, title)
    chips = [
        md.link(c["name"], c["path"], f"{c['kind_name']}；依据：{c['evidence']}",
                "tax-chip", f"tax-chip-{c['kind']}")
        for c in links.chips(slug, anchor)
    ]
    for m in hint:
        cat = comp.prototypes.categories[m.category]
        tip = f"近似类型（未达阈值）；相似原型「{m.text}」；相似度 {m.similarity:.2f}"
        chips.append(
            md.link(f"近似：{cat.name} {m.similarity:.2f}", category_path(cat), tip,
                    "tax-chip", "tax-chip-hint")
        )
    year = f"，{pt.report.meta.year}" if pt.report.meta.year else ""
    src = md.escape(f"（{title}{year}）")
    return f"{lead} {src} {' '.join(chips)}\n{{: .tax-passage }}\n"
