"""Feature stages wired into the build (see :class:`generator.site.Feature`)."""

from __future__ import annotations

from pathlib import Path

from generator.site import Feature


def stages(corpus: Path) -> list[Feature]:
    return []


def validate(corpus: Path) -> list:
    """Problems in the corpus' configuration files (taxonomy, meetings)."""
    return []
