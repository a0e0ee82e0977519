"""Hostile input is refused with a 4xx before it reaches the database or a model.

QUALITY.md, "Input and output". What reaches a view has passed these checks:

- every `<int:…>` in a route is a `BoundedInt` from 0 to `MAX_ID` (PostgreSQL's `integer`;
  SQLite's is larger): a bigger id does not match the route, so it is a plain 404 instead of a
  DataError (PostgreSQL) or an OverflowError (SQLite);
- no NUL byte in the path, the query string or a form field (PostgreSQL cannot store one): 400;
- `json_body()` gives the request's JSON only when it is valid, at most `MAX_JSON_DEPTH` deep,
  and without NUL bytes or lone surrogates (which no database or tokenizer can encode).
"""
from __future__ import annotations

import json
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1
MAX_JSON_DEPTH = 20


class BoundedInt(IntegerConverter):
    """`<int:…>` with the database's range: ids above MAX_ID are not routed (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=0 if min is None else min, max=MAX_ID if max is None else max, signed=signed)

    def to_python(self, value: str):
        # Refuse long digit runs before int() parses them (werkzeug has no length limit).
        if len(value) > len(str(self.max)) + 1:
            raise ValidationError()
        return super().to_python(value)


class BadJSON(ValueError):
    """The request body is not JSON this app accepts; the message says why, for the API's 400."""


def _acceptable_text(value: str) -> bool:
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
        return False
    return True


def check_json(data: Any) -> None:
    """Raise BadJSON when `data` nests deeper than MAX_JSON_DEPTH or holds a NUL byte or lone surrogate."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not _acceptable_text(value):
                raise BadJSON("text must not contain NUL bytes or unpaired surrogates")
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise BadJSON(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None:
                    stack.append((key, depth))
                stack.append((item, depth + 1))


def json_body() -> Any:
    """The request's JSON (None when it is not sent as application/json). Raises BadJSON."""
    if not request.is_json:
        return None
    try:
        data = json.loads(request.get_data(cache=True))
    except RecursionError:
        raise BadJSON(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:  # also UnicodeDecodeError: the body is not UTF-8
        raise BadJSON("the body is not valid JSON") from None
    check_json(data)
    return data


def _has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values)


def refuse_nul_bytes() -> None:
    """400 when the path, a query parameter or a form field holds a NUL byte."""
    if "\x00" in request.path or _has_nul(request.args.items(multi=True)):
        abort(400)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and _has_nul(request.form.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: the converter is bound when a route is added."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_nul_bytes)
