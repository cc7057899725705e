"""Rule-based temporal tagger: finds dates, times, durations and sets in a text and normalises
them to TIMEX3 values against the document's creation time.

`vocabulary` holds the words, `patterns` the regular expressions built from them, `normalize`
the resolution of a match to a value, `spans` the calendar span of a value, `tagger` the walk
over a text and `command` the CLI body.
"""

from .command import timex_command
from .spans import value_span
from .tagger import Timex, tag

__all__ = ["Timex", "tag", "value_span", "timex_command"]
