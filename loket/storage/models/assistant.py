"""Assistant question log and feedback."""
from __future__ import annotations
