"""Putting the site on disk: ``writer`` (staging, MkDocs, swap), ``fast_markdown`` (a MkDocs hook
that renders generated pages quickly) and ``linkcheck`` (every link of the built site resolves)."""
