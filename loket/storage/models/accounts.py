"""User accounts and roles."""
from __future__ import annotations
