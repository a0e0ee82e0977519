"""The loket's contact details and opening days, from the settings."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..domain.loket import LoketInfo, parse_days, planned_days


def loket_info(config: Mapping[str, Any], today: date) -> LoketInfo:
    """Address, days, hours and booking details; days follow the action plan unless configured."""
    days = parse_days(config["LOKET_DESK_DAYS"]) if config["LOKET_DESK_DAYS"] else planned_days(today)
    return LoketInfo(
        address=config["LOKET_DESK_ADDRESS"],
        days=days,
        hours=config["LOKET_DESK_HOURS"],
        booking=config["LOKET_DESK_BOOKING"],
    )
