"""Absolute links (mails, sitemap, feed, API, hreflang): always on LOKET_BASE_URL when it is set.

In production LOKET_BASE_URL is required, so no absolute link ever follows a request's Host
header; in development (no base URL) the request's own address is used.
"""
from __future__ import annotations

from flask import current_app, request, url_for


def site_root() -> str:
    """`https://host` of the site, without a trailing slash."""
    base = current_app.config.get("LOKET_BASE_URL", "").rstrip("/")
    return base or request.url_root.rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` as an absolute URL on the site's root."""
    return site_root() + url_for(endpoint, **values)
