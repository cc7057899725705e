"""Text from a file is data, never markup: `escape_markdown` makes any string show literally in
`st.markdown` (and in other Streamlit elements that render Markdown: labels, captions, help).

Every ASCII punctuation character is backslash-escaped (CommonMark allows that for all of them),
which defuses Markdown links and images (`[x](javascript:...)`, `![x](http://tracker/...)`),
emphasis, headings, lists, tables, GFM autolinks (`http\\://`, `www\\.`), LaTeX (`$`), HTML
(`<script>` shows as text) and character references (`\\&amp;` shows as `&amp;`), and Streamlit's
own directives (`:red[...]`, `:material/home:`, `:smile:`). Leading spaces become no-break
spaces so an indented line is not a code block. Line breaks are kept as they are.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LEADING_SPACE = re.compile(r"^[ \t]+", re.M)


def escape_markdown(text: str) -> str:
    """`text` escaped so that `st.markdown(escape_markdown(text))` shows exactly `text`."""
    text = _PUNCTUATION.sub(r"\\\1", str(text))
    return _LEADING_SPACE.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), text)
