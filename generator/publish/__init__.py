"""Putting the site on disk: ``writer`` (staging, MkDocs, swap), ``mkdocs_hooks`` (run inside
MkDocs) and ``linkcheck`` (every link of the built site resolves)."""
