"""What old links need: per-report forwards of removed passages and redirect pages for
renamed reports (see ARCHITECTURE.md, "Anchors")."""

from __future__ import annotations

import json

from generator.models import Report
from generator.site.render import render_redirect
from generator.site.urls import report_url


def forwards_json(forwards: dict[str, str]) -> str:
    """The forwards as JSON for the report page's ``data-forwards`` attribute (escaped by
    the template; an attribute, not an inline script, because Material's instant
    navigation re-runs inline scripts as code)."""
    return json.dumps(dict(sorted(forwards.items())), ensure_ascii=True, separators=(",", ":"))


def redirect_page(old_slug: str, report: Report) -> str:
    url = report_url(old_slug)
    return render_redirect(url, report.meta.title or report.slug, report_url(report.slug))
