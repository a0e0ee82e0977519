"""Reading and checking the guide pages in content/{en,nl} (plain Python, no Flask)."""
from __future__ import annotations

from .loader import ContentError, clear_content_cache, get_content, load_content, markdown_parser

__all__ = ["ContentError", "clear_content_cache", "get_content", "load_content", "markdown_parser"]
