"""Parsing: one report's source lines → a :class:`generator.models.Report`.

``repair`` mends damaged copies (furniture, line breaks, tables of contents), ``titles`` reads
the title block, ``numbering`` recognises markers, ``outline`` places them, ``roles`` names the
sections, ``metadata`` infers title, year, meeting, body, level and 集体/个人, and ``report``
runs them in order.
"""
