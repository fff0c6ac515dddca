"""Chips and "the same problem in other reports" for passages on report pages.

Computed per passage on demand from category-level data (counts, a few sample passages), so a
10,000-report build does not hold a rendered snippet for each of its 600,000 passages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from generator.models import Label, Passage
from generator.site import markdown as md
from generator.site.urls import passage_url
from generator.taxonomy.index import KIND_NAMES, Entry, TaxIndex, category_path, category_url
from generator.taxonomy.load import Category

EXCERPT = 80
#: "The same problem in other reports": how many types per passage, examples per type.
MAX_REFS, EXAMPLES = 3, 2


class PassageLinks:
    """Chips and cross-references of every labelled passage, looked up by (slug, anchor)."""

    def __init__(self, index: TaxIndex) -> None:
        self.index = index
        self._samples = {cid: _samples(entries) for cid, entries in index.entries.items()}
        self._md_cache: dict[tuple[str, str, str, bool], str] = {}
        self._names = {c.id: c.name for c in index.taxonomy.categories}

    def chips(self, slug: str, anchor: str) -> list[dict[str, Any]]:
        """Themes first, then types; each links to its page and carries its evidence."""
        tax = self.index.taxonomy
        return [
            _chip(tax.get(lb.category), lb, self._names)
            for lb in self.index.labels_at.get((slug, anchor), ())
        ]

    def refs(self, slug: str, anchor: str) -> list[dict[str, Any]]:
        """Per type of the passage (its themes if it has no type): how many other reports
        raise it, and a few of their passages."""
        if (slug, anchor) in self.index.unlisted:
            return []  # an aspect heading: the points under it carry the cross-references
        lbs = self.index.labels_at.get((slug, anchor), [])
        typed = [lb for lb in lbs if lb.kind != "theme"] or lbs
        refs = [self._ref(self.index.taxonomy.get(lb.category), slug) for lb in typed]
        return [r for r in refs if r["reports"]]

    def markdown(self, slug: str, anchor: str) -> str:
        """The chips of one passage as a Markdown paragraph (links with attribute lists), and
        its cross-references as a second one; links are relative to the report's docs file.
        Built with f-strings, not a template: a large build renders it 600,000 times."""
        chips = self.chips(slug, anchor)
        if not chips:
            return ""
        root = "../"
        links = "".join(
            md.link(c["name"], root + c["path"], f"{c['kind_name']}；依据：{c['evidence']}",
                    "tax-chip", f"tax-chip-{c['kind']}")
            for c in chips
        )
        out = f"{links}\n{md.attrs('', 'psg-tax', data_for=anchor)}\n\n"
        refs = self._refs_md(root, slug, anchor)
        if refs:
            out += f"其他报告中的同类问题：{'；'.join(refs)}\n{md.attrs('', 'tax-refs')}\n\n"
        return out

    def _refs_md(self, root: str, slug: str, anchor: str) -> list[str]:
        """Rendered cross-references; a category's line only differs for the few reports
        that supply its examples, so lines are cached per (category, that report)."""
        if (slug, anchor) in self.index.unlisted:
            return []
        lbs = self.index.labels_at.get((slug, anchor), [])
        typed = [lb for lb in lbs if lb.kind != "theme"] or lbs
        out = []
        for lb in typed:
            line = self._ref_line(root, lb.category, slug)
            if line:
                out.append(line)
            if len(out) == MAX_REFS:
                break
        return out

    def _ref_line(self, root: str, cid: str, slug: str) -> str:
        sample_slugs = {e.report.slug for e in self._samples.get(cid, ())}
        mine = cid in self.index.per_report.get(slug, {})
        key = (root, cid, slug if slug in sample_slugs else "", mine)
        if key not in self._md_cache:
            ref = self._ref(self.index.taxonomy.get(cid), slug)
            self._md_cache[key] = _ref_md(root, ref) if ref["reports"] else ""
        return self._md_cache[key]

    def context(self, slug: str, categories: Iterable[str]) -> list[str]:
        """What of the whole index the page of report ``slug`` (whose labels are of
        ``categories``) shows besides its own labels: one cross-reference line per category.
        The incremental build keys a report's page on it."""
        return [f"{cid}\t{self._ref_line('../', cid, slug)}" for cid in sorted(set(categories))
                if cid in self.index.taxonomy.index]

    def _ref(self, cat: Category, slug: str) -> dict[str, Any]:
        others = [e for e in self._samples.get(cat.id, []) if e.report.slug != slug][:EXAMPLES]
        mine = cat.id in self.index.per_report.get(slug, {})
        examples = [
            {
                "title": e.report.meta.title or e.report.slug,
                "year": e.report.meta.year,
                "lead": passage_bits(e.passage)["lead"],
                "url": passage_url(e.report.slug, e.passage.anchor),
                "path": f"{e.report.slug}.md#{e.passage.anchor}",
            }
            for e in others
        ]
        return {
            **_chip(cat, None),
            "reports": self.index.report_counts(cat.id) - mine,
            "examples": examples,
        }


class ReportChips:
    """What a report page reads: ``chips.get(anchor)``, the passage's chips as Markdown."""

    def __init__(self, links: PassageLinks, slug: str) -> None:
        self._links, self._slug = links, slug

    def get(self, anchor: str, default: str = "") -> str:
        return self._links.markdown(self._slug, anchor) or default


def _ref_md(root: str, r: dict[str, Any]) -> str:
    examples = "；".join(
        md.link(e["lead"], e["path"])
        + md.escape(f"（{e['title']}{'，' + e['year'] if e['year'] else ''}）")
        for e in r["examples"]
    )
    such = f"，如：{examples}" if examples else ""
    chip = md.link(r["name"], root + r["path"], "", "tax-chip", f"tax-chip-{r['kind']}")
    # No count of the other reports here: it changes with every report added or removed,
    # and would make every report page sharing a category change with it (the category's
    # page, one click away, has the counts). See ARCHITECTURE.md, "Incremental builds".
    return f"{chip} 其他报告也有{such}"


def passage_bits(p: Passage) -> dict[str, str]:
    """Lead and a short excerpt of the rest; a paragraph's first clause stands in for a lead."""
    text = p.text[len(p.number) :]
    lead = p.lead or ""
    rest = text[text.find(lead) + len(lead) :] if lead and lead in text else text
    rest = rest.lstrip("。；：:，, \u3000")
    if not lead:
        lead, _, rest = rest.partition("。")
        lead = lead[:40] + ("…" if len(lead) > 40 else "")
    excerpt = rest[:EXCERPT] + ("…" if len(rest) > EXCERPT else "")
    return {"lead": lead, "excerpt": excerpt, "path": p.path}


def _chip(cat: Category, lb: Label | None, names: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "kind": cat.kind,
        "kind_name": KIND_NAMES[cat.kind],
        "id": cat.id,
        "name": cat.name,
        "url": category_url(cat),
        "path": category_path(cat),
        "evidence": explain(lb, names) if lb else "",
    }


#: Similarity evidence: a prototype text, or a passage elsewhere in the corpus.
SIMILAR = ("prototype:", "corpus:")


def explain(lb: Label, names: dict[str, str] | None = None) -> str:
    """Why a label is there, for a tooltip: matched words, the heading it inherits, the type it
    follows from, the prototype or corpus passage it resembles (with the similarity); then the
    label's confidence. A label resting on similarity alone reads ``相似度 0.62``, one the
    learned model gave ``示例学习（依据「学用、脱节」）；概率 0.91``, any other ``置信度 0.85``.
    ``names``: category id → name, for ``problem:<id>``."""
    words: list[str] = []
    parts: list[str] = []
    only_similar = True
    for e in lb.evidence:
        tag, _, rest = e.partition(":")
        if tag in ("prototype", "corpus"):
            sim, _, rest = rest.partition(":") if _SIM.match(rest) else ("", "", rest)
            if tag == "prototype":
                what = f"相似原型「{rest}」"
            else:
                where, _, lead = rest.partition(":")
                what = f"相似段落「{lead}」（{where.partition('#')[0]}）"
            parts.append(what + (f"（相似度 {sim}）" if sim and len(lb.evidence) > 1 else ""))
            continue
        if tag == "model":
            prob, _, grams = rest.partition(":")
            parts.append("示例学习" + (f"（依据「{grams}」）" if grams else "")
                         + (f"（概率 {prob}）" if len(lb.evidence) > 1 else ""))
            continue
        only_similar = False
        if tag == "heading" and rest:
            parts.append(f"标题「{rest}」")
        elif tag in KIND_NAMES and tag != "theme" and rest:
            parts.append(f"{KIND_NAMES[tag]}「{(names or {}).get(rest, rest)}」")
        else:
            words.append(e)
    if words:
        parts.insert(0, "匹配词「" + "、".join(words) + "」")
    learned = bool(lb.evidence) and all(e.startswith("model:") for e in lb.evidence)
    word = "概率" if learned else "相似度" if only_similar else "置信度"
    parts.append(f"{word} {lb.confidence:.2f}")
    return "；".join(parts)


_SIM = re.compile(r"\d\.\d\d:")


def _samples(entries: list[Entry]) -> list[Entry]:
    """A few passages per category to show elsewhere, one per report: points of problem
    sections first (where a problem is stated, not reviewed or remedied), strongest first."""
    best: dict[str, Entry] = {}
    for e in sorted(entries, key=_sample_rank):
        best.setdefault(e.report.slug, e)
        if len(best) > EXAMPLES:
            break
    return list(best.values())


def _sample_rank(e: Entry) -> tuple[bool, bool, float, bytes]:
    """Ties are broken by a hash of the passage's id, not by listing order: adding or
    removing a report then rarely changes a category's samples (which every report page
    showing the category quotes)."""
    pid = f"{e.report.slug}#{e.passage.anchor}".encode()
    return (e.passage.role not in ("problems", "case"), e.passage.kind != "point", -e.label.score,
            hashlib.blake2b(pid, digest_size=8).digest())
