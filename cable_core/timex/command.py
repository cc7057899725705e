"""`python -m cable_core timex --dct YYYY-MM-DD[THH:MM] [FILE|-]`."""

from __future__ import annotations

import json
import sys
from datetime import datetime

from .tagger import tag


def parse_dct(text: str) -> datetime:
    """YYYY-MM-DD, or with a time THH:MM (optionally :SS and a trailing Z)."""
    return datetime.fromisoformat(text.strip().removesuffix("Z"))


def timex_command(dct: str, path: str | None) -> int:
    """Print one JSON object per temporal expression of the file (or stdin); the exit status."""
    try:
        creation = parse_dct(dct)
    except (ValueError, AttributeError):
        print(f"timex: bad --dct {dct!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM", file=sys.stderr)
        return 2
    try:
        if path in (None, "-"):
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
    except OSError as error:
        print(f"timex: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 1
    for timex in tag(text, creation):
        print(json.dumps(timex.model_dump(), ensure_ascii=False))
    return 0
