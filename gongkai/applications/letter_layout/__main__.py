"""Rebuild ``default.docx``: ``python -m gongkai.applications.letter_layout``."""

from gongkai.applications.letter_layout import DEFAULT_LAYOUT, build_default_layout

DEFAULT_LAYOUT.write_bytes(build_default_layout())
print(f"wrote {DEFAULT_LAYOUT}")
