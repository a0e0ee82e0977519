"""Desk visits and loket settings."""
from __future__ import annotations
