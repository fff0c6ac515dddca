"""Feature stages wired into the build (see :class:`generator.site.Feature`): the taxonomy
(labels, chips, theme and problem pages) and full-text search."""

from __future__ import annotations

import os
from pathlib import Path

from generator.models import Problem
from generator.site import Feature


def stages(corpus: Path, scratch: Path, jobs: int = 0) -> list[Feature]:
    from generator.search_feature import SearchFeature
    from generator.taxonomy_feature import stage

    taxonomy = stage(corpus, jobs or os.cpu_count() or 1)
    names = {c.id: c.name for c in taxonomy.taxonomy.categories}
    return [taxonomy, SearchFeature(names, scratch, jobs)]


def validate(corpus: Path) -> list[Problem]:
    """Problems in the corpus' configuration files (taxonomy, meetings)."""
    from generator.taxonomy_feature import validate as validate_taxonomy

    return validate_taxonomy(corpus)
