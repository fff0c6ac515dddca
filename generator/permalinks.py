"""The anchors stage: reconcile passages with ``anchors.lock`` and publish what old links
need (per-report forwards, redirect pages for renamed reports)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import lock
from generator.models import Report
from generator.reconcile import Reconciled
from generator.render import render_page
from generator.site import Files
from generator.urls import report_url


@dataclass(slots=True)
class AnchorsFeature:
    """A :class:`generator.site.Feature` carrying the reconciliation's results to pages."""

    reconciled: Reconciled

    def before(self, reports: Sequence[Report], context: dict[str, Any]) -> Files:
        files: Files = {}
        for report in reports:
            block = self.reconciled.blocks.get(report.slug)
            if block is None:
                continue
            extras = context["extras"].setdefault(report.slug, {})
            extras["forwards_json"] = forwards_json(block.forwards)
            for old in block.renamed_from:
                files[f"reports/{old}.md"] = redirect_page(old, report)
        return files

    def after(self, reports: Sequence[Report], context: dict[str, Any]) -> Files:
        return {}

    def lock_text(self) -> str:
        return lock.dump(self.reconciled.blocks.values())


def forwards_json(forwards: dict[str, str]) -> str:
    """The forwards as JSON for the report page's ``data-forwards`` attribute (escaped by
    the template; an attribute, not an inline script, because Material's instant
    navigation re-runs inline scripts as code)."""
    return json.dumps(dict(sorted(forwards.items())), ensure_ascii=True, separators=(",", ":"))


def redirect_page(old_slug: str, report: Report) -> str:
    url = report_url(old_slug)
    return render_page("redirect.md.j2", url, report.meta.title or report.slug,
                       target=report_url(report.slug), redirect=True)
