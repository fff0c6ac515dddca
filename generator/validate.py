"""Validate the corpus' configuration: taxonomy, meetings and the anchors lock.

One function for ``build`` and ``check``: both report the same ``file:line`` problems, and the
build uses what this loaded (each file is read once per build).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.anchors.lock import Block, load
from generator.models import Problem
from generator.taxonomy.load import Taxonomy, load_taxonomy, taxonomy_paths

LOCK_NAME = "anchors.lock"


@dataclass(slots=True)
class Validated:
    """What the build needs from the configuration files, with every problem found."""

    taxonomy: Taxonomy
    lock: dict[str, Block]
    problems: list[Problem] = field(default_factory=list)


def validate(corpus: Path) -> Validated:
    """Load and check ``corpus``'s taxonomy, meetings and lock; bad entries are left out."""
    lock, problems = load(corpus / LOCK_NAME)
    taxonomy, tax_problems = load_taxonomy(*taxonomy_paths(corpus))
    return Validated(taxonomy, lock, [*problems, *tax_problems])
