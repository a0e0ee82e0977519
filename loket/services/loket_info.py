"""The loket's contact details and opening days: the settings row staff edit at /desk/settings,
else the LOKET_DESK_* settings."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..domain.loket import LoketInfo, parse_days, planned_days
from ..storage.models.desk import LoketSettings


def loket_info(config: Mapping[str, Any], today: date, session: Session | None = None) -> LoketInfo:
    """Address, days, hours, booking details and appointment slot length.

    With a `session`, the saved loket settings win when they exist; otherwise the config
    applies, whose days follow the action plan unless configured.
    """
    saved = session.get(LoketSettings, LoketSettings.ROW_ID) if session is not None else None
    if saved is not None:
        return LoketInfo(
            address=saved.address,
            days=parse_days(saved.days) if saved.days else planned_days(today),
            hours=saved.hours,
            booking=saved.booking,
            slot_minutes=saved.slot_minutes or config["LOKET_DESK_SLOT_MINUTES"],
            planned=not saved.days,
        )
    configured = config["LOKET_DESK_DAYS"]
    return LoketInfo(
        address=config["LOKET_DESK_ADDRESS"],
        days=parse_days(configured) if configured else planned_days(today),
        hours=config["LOKET_DESK_HOURS"],
        booking=config["LOKET_DESK_BOOKING"],
        slot_minutes=config["LOKET_DESK_SLOT_MINUTES"],
        planned=not configured,
    )
