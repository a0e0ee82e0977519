"""Moderation: the staff's queue under /desk/moderation (blueprint `moderation`) and the public
"report this vacancy" form (blueprint `reports`, reports.py)."""
