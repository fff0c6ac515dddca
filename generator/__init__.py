"""Static-site generator for an archive of 民主生活会 / 组织生活会 对照检查材料."""

from __future__ import annotations

__version__ = "0.1.0"
