"""Shared Streamlit helpers of the dashboard pages: cached loading, the working set, URL-bound
filter widgets, safe text rendering, the copy-link control and exports.

Safety rule: text that came from a file (cable text, subjects, names, file names) is data. It is
shown only through `html_text()`/`esc()` inside `st.html` (escaped, never Markdown), `st.text`,
`st.code` or dataframes. `md()` escapes for the few places that render Markdown (captions).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache, partial
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit.delta_generator import DeltaGenerator

from cable_core.corpus import Corpus, Filters, MemoryCorpus
from cable_core.limits import LIMITS
from cable_core.models import Cable, ParseFailure
from cable_core.pipeline import parse_bytes, parse_paths
from cable_core.store import open_store, store_from_env
from cable_core.views import banner_colours, marking_badge, marking_colours, year_span

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cables"
UPLOAD_TYPES = ["txt", "text", "html", "htm", "csv", "zip", "gz", "xz", "bz2"]
FILTER_KEYS = ("label", "caveat", "origin", "tag", "prec", "dates", "q", "entity")

# --- safe text ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&\"'=^])")


def esc(text: object) -> str:
    """HTML-escape anything for use inside `st.html` markup."""
    return html.escape("" if text is None else str(text), quote=True)


def chart_text(text: object) -> str:
    """Escape anything for a plotly label or hover text: plotly reads <, > and & as markup, but
    shows an escaped quote (&quot;) as written."""
    return html.escape("" if text is None else str(text), quote=False)


def highlighted(text: str, terms: list[str]) -> str:
    """`text` escaped for `st.html`, each word that starts with a search term in <mark>."""
    if not terms:
        return esc(text)
    pieces, last = [], 0
    for match in _term_starts(tuple(terms)).finditer(text):
        pieces += [esc(text[last:match.start()]), f"<mark>{esc(match.group())}</mark>"]
        last = match.end()
    return "".join(pieces) + esc(text[last:])


@lru_cache(maxsize=64)
def _term_starts(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Words starting with one of the terms, longest first (built once per search, not per hit)."""
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + ")",
                      re.IGNORECASE)


def md(text: object) -> str:
    """Escape a string for Markdown contexts (st.markdown/caption/labels): HTML, Markdown
    punctuation, and Streamlit's `:color[...]`, `:material/...:` and `:emoji:` directives (a
    zero-width space after each colon keeps the colon visible but breaks the directive)."""
    value = "" if text is None else str(text)
    value = _MD_SPECIAL.sub(r"\\\1", value)
    return value.replace(":", ":\u200b").replace("\n", " ")


def badge(text: str, bg: str, fg: str, title: str = "") -> str:
    return (f'<span class="cg-badge" style="background:{bg};color:{fg}" title="{esc(title)}">'
            f"{esc(text)}</span>")


def marking_badge_html(marking: str | None, title: str = "") -> str:
    bg, fg = marking_colours(marking)
    return badge(marking_badge(marking), bg, fg, title)


def banner_html(label: str | None) -> str:
    bg, fg = banner_colours(label)
    return f'<div class="cg-banner" style="background:{bg};color:{fg}">{esc(label or "UNKNOWN CLASSIFICATION")}</div>'


def chip(text: str, title: str = "", kind: str = "") -> str:
    return f'<span class="cg-chip cg-{esc(kind)}" title="{esc(title)}">{esc(text)}</span>'


CSS = """
<style>
[data-testid='stMainBlockContainer']{padding-top:2.2rem}
.cg-banner{font-weight:700;letter-spacing:.12em;text-align:center;padding:.35rem .5rem;border-radius:.4rem;font-size:.95rem}
.cg-badge{display:inline-block;font-weight:600;font-size:.78rem;padding:.05rem .45rem;border-radius:.35rem;margin-right:.35rem;white-space:nowrap}
.cg-chip{display:inline-block;font-size:.8rem;padding:.1rem .55rem;border-radius:1rem;margin:.12rem .2rem .12rem 0;background:#eef2f7;color:#1f2937;border:1px solid #d8dee8}
.cg-chip.cg-person{background:#eef6ff;border-color:#c7dcf7}
.cg-chip.cg-organization{background:#f3efff;border-color:#dcd2f7}
.cg-chip.cg-place{background:#eefaf2;border-color:#c9ebd5}
.cg-chip.cg-tag{background:#fff8e6;border-color:#f1dfae}
.cg-card{border:1px solid #e2e6ee;border-radius:.6rem;padding:.9rem 1.1rem;background:#fff}
.cg-grid{display:grid;grid-template-columns:10.5rem 1fr;gap:.3rem .9rem;font-size:.9rem}
.cg-grid .k{color:#6b7280}
.cg-grid .v{color:#111827}
.cg-subject{font-size:1.35rem;font-weight:650;margin:.55rem 0 .2rem 0;line-height:1.3}
.cg-ref{font-family:ui-monospace,Menlo,monospace;color:#374151;font-size:.9rem}
.cg-para{border-left:4px solid var(--cg-c,#e5e7eb);padding:.35rem .8rem .45rem .9rem;margin:.55rem 0;background:#fbfcfe;border-radius:0 .4rem .4rem 0;scroll-margin-top:4.5rem}
.cg-para .head{display:flex;align-items:center;gap:.45rem;font-size:.85rem;color:#4b5563;margin-bottom:.2rem}
.cg-para .num{font-weight:700;color:#111827}
.cg-para mark{background:#fff3b0;padding:0 .1rem;border-radius:.15rem}
.cg-para .sum{font-style:italic;color:#374151}
.cg-para .txt{white-space:pre-wrap;font-family:Georgia,'Times New Roman',serif;font-size:.98rem;line-height:1.5;color:#111827}
.cg-para.hit{background:#fff9db}
.cg-heading{font-weight:650;margin:1rem 0 .1rem 0;color:#1f2937}
.cg-redacted{border-left:4px solid #9ca3af;padding:.35rem .8rem;margin:.55rem 0;background:repeating-linear-gradient(45deg,#f3f4f6,#f3f4f6 8px,#e5e7eb 8px,#e5e7eb 16px);color:#374151;font-size:.85rem;border-radius:0 .4rem .4rem 0}
.cg-summary{background:#f6f8fb;border-radius:.5rem;padding:.7rem .9rem;font-size:.95rem;line-height:1.5;white-space:pre-wrap}
.cg-muted{color:#6b7280;font-size:.85rem}
.cg-legend span{margin-right:.8rem}
.cg-upload{display:flex;gap:.7rem;align-items:baseline;font-size:.88rem;padding:.25rem .5rem;border-bottom:1px solid #eef0f4}
.cg-upload .icon{font-weight:700}.cg-upload.ok .icon{color:#2e9e55}.cg-upload.bad .icon{color:#c8102e}
.cg-upload .name{font-weight:600}.cg-upload.bad .msg{color:#9b1c1c}
/* metric cards wrap two by two rather than shrink, and their labels and notes wrap rather than end in … */
.st-key-cg-metrics>div{flex:1 1 13rem;min-width:13rem}
.st-key-cg-metrics [data-testid='stMetricLabel'] *,.st-key-cg-metrics [data-testid='stMetricDelta'] *{white-space:normal;overflow:visible;text-overflow:clip}
</style>
"""


# --- pages ----------------------------------------------------------------------------------


def _to_the_library() -> None:
    """/library: the Library lives at / (the default page has no path of its own); this hidden page
    sends a typed or old /library link there with its query string instead of "Page not found"."""
    st.switch_page("pages/library.py", query_params={k: st.query_params.get_all(k) for k in st.query_params})


def app_pages() -> list[st.Page]:
    """The dashboard's pages, in the order of the sidebar (app.py routes to them)."""
    return [
        # the default page is served at /; its url_path only names it inside Streamlit and must
        # differ from the alias's
        st.Page("pages/library.py", title="Library", icon=":material/library_books:", url_path="home", default=True),
        st.Page(_to_the_library, title="Library", url_path="library", visibility="hidden"),
        st.Page("pages/cable.py", title="Cable", icon=":material/article:", url_path="cable"),
        st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page("pages/markings.py", title="Markings", icon=":material/verified_user:", url_path="markings"),
        st.Page("pages/people.py", title="People", icon=":material/groups:", url_path="people"),
    ]


ROUTED = "_page_path"  # set by app.py on every run, before it runs the page


def start_page() -> None:
    """First call of every page: make sure app.py routed it, then style it.

    Until some session has called st.navigation, Streamlit treats the pages/ folder the old way: a
    shared link such as /markings?label=SECRET opened as the first request of a fresh server runs
    pages/markings.py without app.py (no page config, every file of pages/ listed, _ui.py as a
    page). Calling st.navigation turns that off for good; the rerun then goes through app.py."""
    if ROUTED not in st.session_state:
        st.navigation(app_pages(), position="hidden")
        st.rerun()
    st.html(CSS)


# --- loading --------------------------------------------------------------------------------


@st.cache_resource(show_spinner="Reading the bundled sample cables…")
def sample_corpus() -> tuple[MemoryCorpus, list[Cable]]:
    """The bundled sample set, parsed once per server (it is the same for every visitor)."""
    cables = [c for c in parse_paths(sorted(SAMPLES.iterdir())) if isinstance(c, Cable)]
    return MemoryCorpus(cables), cables


@st.cache_data(scope="session", show_spinner=False, max_entries=500)
def parse_upload(data: bytes, name: str) -> list[Cable | ParseFailure]:
    """Parse one uploaded file. Cached per session on the bytes: one visitor's uploads never
    reach another's session, and a rerun or page switch never re-parses."""
    return parse_bytes(data, name)


def counted(n: int, noun: str) -> str:
    """"1 cable", "3,004 cables"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@dataclass
class UploadResult:
    name: str
    size: int
    digest: str
    cables: list[Cable] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = []
        if self.cables:
            parts.append(f"parsed {counted(len(self.cables), 'cable')}")
        if self.errors:
            first = self.errors[0]
            more = f" (+{len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            parts.append(("error: " if not self.cables else "skipped: ") + first + more)
        return "; ".join(parts) or "error: no cable found"


def uploads() -> dict[str, UploadResult]:
    return st.session_state.setdefault("_uploads", {})


def add_upload(name: str, data: bytes) -> UploadResult:
    digest = hashlib.sha256(data).hexdigest()
    done = uploads()
    if digest in done:
        return done[digest]
    result = UploadResult(name=name, size=len(data), digest=digest)
    if len(data) > LIMITS.upload_bytes:
        result.errors.append(f"file larger than the upload limit of {LIMITS.upload_bytes // 2**20} MB")
    else:
        for item in parse_upload(data, name):
            if isinstance(item, Cable):
                result.cables.append(item)
            else:
                where = item.source.path.rsplit("/", 1)[-1]
                result.errors.append(item.error if where == name else f"{where}: {item.error}")
    done[digest] = result
    st.session_state.pop("_corpus", None)
    return result


def clear_uploads() -> None:
    st.session_state["_uploads"] = {}
    st.session_state.pop("_corpus", None)


def store_path() -> str | None:
    """`streamlit run app.py -- --store PATH`, else the CABLES_STORE environment variable."""
    args = sys.argv
    if "--store" in args and args.index("--store") + 1 < len(args):
        return args[args.index("--store") + 1]
    return store_from_env()


def store_accepts_uploads() -> bool:
    """Uploads are written into an opened store (an analyst's own database) unless it is shared:
    a hosted instance sets CABLES_STORE_READONLY=1 so that no visitor's upload reaches another."""
    return os.environ.get("CABLES_STORE_READONLY", "") not in ("1", "true", "yes")


@st.cache_resource(show_spinner="Opening the store…")
def _store_corpus(path: str) -> Corpus:
    return open_store(path)


def _add_uploads_to_store(store: Corpus) -> None:
    """Write this session's new uploads into the store once each (the store skips cables it has)."""
    written = st.session_state.setdefault("_stored_uploads", set())
    for digest, result in uploads().items():
        if digest not in written and result.cables:
            store.add_cables(result.cables)
            written.add(digest)


def corpus() -> Corpus:
    """The working set: the bundled samples (or an opened store) plus this session's uploads."""
    path = store_path()
    if path:
        store = _store_corpus(path)
        if store_accepts_uploads():
            _add_uploads_to_store(store)
        return store
    base, cables = sample_corpus()
    ups = [c for r in uploads().values() for c in r.cables]
    if not ups:
        return base
    cached = st.session_state.get("_corpus")
    signature = tuple(uploads())
    if cached is None or cached[0] != signature:
        cached = (signature, MemoryCorpus(cables, uploads=ups))
        st.session_state["_corpus"] = cached
    return cached[1]


def uploaded_count() -> int:
    return sum(len(r.cables) for r in uploads().values())


# --- filters bound to the URL ---------------------------------------------------------------


def _facet_options(c: Corpus) -> dict:
    """The filters' options. Without uploads they are the same for every visitor and computed once
    per server (a second on a 251k store); with uploads, once per session (uploads stay private)."""
    token = corpus_token(c)
    return _session_facet_options(c, token) if uploads() else _shared_facet_options(c, token)


def _facet_options_of(c: Corpus) -> dict:
    f = c.facets(Filters())
    ov = c.overview(Filters())
    return {"facets": {k: [(v.value, v.count, v.meaning) for v in vals] for k, vals in f.items()},
            "first": ov.first, "last": ov.last}


@st.cache_data(show_spinner=False, max_entries=4)
def _shared_facet_options(_corpus: Corpus, token: str) -> dict:
    return _facet_options_of(_corpus)


@st.cache_data(show_spinner=False, max_entries=8, scope="session")
def _session_facet_options(_corpus: Corpus, token: str) -> dict:
    return _facet_options_of(_corpus)


def corpus_token(c: Corpus) -> str:
    """Changes whenever what the corpus holds changes (uploads, or cables added to a store)."""
    return f"{id(c)}:{len(c) if store_path() else 0}:{tuple(uploads())}"


def _values(facet_values) -> list[str]:
    return [v for v, _, _ in facet_values]


def _meanings(chosen: list[str], meanings: dict[str, str]) -> None:
    known = [f"{v}: {meanings[v]}" for v in chosen if v in meanings]
    if known:
        st.caption(md("; ".join(known)))


def filter_panel(c: Corpus, where=None) -> Filters:
    """The set filters in the sidebar, every widget bound to the URL, the same keys on every page."""
    box = where or st.sidebar
    opts = _facet_options(c)
    facets = opts["facets"]
    with box:
        st.markdown("##### Filters")
        q = st.text_input("Full-text search", key="q", bind="query-params", placeholder="words or \"a phrase\"",
                          help="Every word must occur in the cable's subject or text.", icon=":material/search:")
        # Bound widgets keep their displayed option text in the URL: options are shown as the bare
        # values (stable, short links such as ?label=SECRET&tag=PREL); meanings are listed below.
        meanings = {v: m for facet in facets.values() for v, _, m in facet if m}
        from cable_core.views import label_sort_key

        labels = st.multiselect("Classification", sorted(_values(facets["labels"]), key=label_sort_key), key="label",
                                bind="query-params", placeholder="any classification")
        caveats = st.multiselect("Caveats", _values(facets["caveats"]), key="caveat", bind="query-params",
                                 placeholder="any caveat", help="Captions such as NOFORN, SIPDIS, EXDIS.")
        _meanings(caveats, meanings)
        origins = st.multiselect("Origin", sorted(_values(facets["origins"])), key="origin", bind="query-params",
                                 placeholder="any origin")
        tags = st.multiselect("TAGS", _values(facets["tags"]), key="tag", bind="query-params",
                              placeholder="any TAGS", help="Subject and country tags, most frequent first; "
                                                          "their meanings are shown once chosen.")
        _meanings(tags, meanings)
        precs = st.multiselect("Precedence", _values(facets["precedences"]), key="prec", bind="query-params",
                               placeholder="any precedence")
        first, last = opts["first"], opts["last"]
        date_from = date_to = None
        if first and last:
            _widen_untouched_date_range((first, last))
            dates = st.date_input("Date range", value=(first, last), min_value=first, max_value=last, key="dates",
                                  bind="query-params", format="YYYY-MM-DD")
            if isinstance(dates, (tuple, list)):
                if len(dates) >= 1 and dates[0] != first:
                    date_from = dates[0]
                if len(dates) == 2 and dates[1] != last:
                    date_to = dates[1]
        entity = st.text_input("Mentions (person, organisation, place)", key="entity", bind="query-params",
                               placeholder="e.g. person:tokayev", help="An entity id or exact name; set from the People page.")
        active = any([q, labels, caveats, origins, tags, precs, date_from, date_to, entity])
        if active:
            st.button("Clear filters", on_click=_clear_filters, icon=":material/filter_alt_off:", width="stretch")
    return Filters(labels=labels, caveats=caveats, origins=origins, tags=tags, precedences=precs,
                   date_from=date_from, date_to=date_to, query=q or "", entity=(entity or "").strip())


def _widen_untouched_date_range(span: tuple[date, date]) -> None:
    """When cables are added the date span grows: a range the user never narrowed grows with it
    instead of silently filtering the new cables out."""
    previous = st.session_state.get("_dates_span")
    st.session_state["_dates_span"] = span
    current = st.session_state.get("dates")
    if previous and previous != span and current is not None and tuple(current) == tuple(previous):
        st.session_state["dates"] = span


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = [] if key in ("label", "caveat", "origin", "tag", "prec") else (
                "" if key in ("q", "entity") else st.session_state[key])
    if "dates" in st.session_state:
        del st.session_state["dates"]


def scroll_to(element_id: str) -> None:
    """Bring the page's element with this id into view once it is drawn ("opened at paragraph 3"
    from a link, the timeline or the Markings page). st.html runs no script: a zero-height
    component does, on the page (its frame is same-origin), and again only when the id changes."""
    if not re.fullmatch(r"[\w-]+", element_id):
        raise ValueError(f"not an element id: {element_id!r}")
    components.html(
        "<script>let tries = 0; const jump = () => {"
        f" const el = window.parent.document.getElementById('{element_id}');"
        " if (el) el.scrollIntoView({block: 'start'}); else if (tries++ < 50) setTimeout(jump, 100); };"
        " jump();</script>", height=0)


# --- opening a cable without losing the session ----------------------------------------------

_OPEN = "_open_cable"  # the cable (and paragraph) a click of this run asked for


def request_cable(key: str, paragraph: int | None = None) -> None:
    """Callback of a button or table: open this cable (at this paragraph) once this run is drawn.
    Pages open cables through st.switch_page, never an <a href>: a link reloads the page, which
    starts a new session and loses the cables uploaded in it."""
    st.session_state[_OPEN] = {"ref": key} if paragraph is None else {"ref": key, "p": str(paragraph)}


def open_requested_cable() -> None:
    """Switch to the Cable page if a click of this run asked for a cable (app.py calls it after
    the page has run, so that the page's URL-bound widgets were drawn and their values follow)."""
    target = st.session_state.pop(_OPEN, None)
    if target:
        st.switch_page("pages/cable.py", query_params=target)


def cable_table(frame: pd.DataFrame, key: str, paragraph_column: str | None = None, **dataframe_args) -> None:
    """A table whose chosen row opens its cable (its `key` column), at the paragraph of
    `paragraph_column` when given. The choice is read by a callback, not from the returned
    selection, so that coming back to the page does not open the cable again."""
    choose = partial(_request_chosen_row, key, frame["key"], frame[paragraph_column] if paragraph_column else None)
    if "column_order" in dataframe_args:  # the other columns would be sent to the browser for nothing
        frame = frame[list(dataframe_args["column_order"])]
    st.dataframe(frame, key=key, on_select=choose, selection_mode="single-row", hide_index=True, width="stretch",
                 **dataframe_args)


def table_height(rows: int, most: int) -> int:
    """Pixels that show the header and `rows` rows of a table, without a scroll bar or an empty
    strip under the last row (st.dataframe draws rows of 35 px), at most `most`."""
    return min(35 * (rows + 1) + 3, most)


def _request_chosen_row(key: str, keys: pd.Series, paragraphs: pd.Series | None) -> None:
    """Only the chosen row is read, when chosen (not a target per row at every rerun)."""
    rows = st.session_state[key].selection.rows
    if rows:
        paragraph = None if paragraphs is None else paragraphs.iloc[rows[0]]
        request_cable(str(keys.iloc[rows[0]]), None if paragraph is None or pd.isna(paragraph) else int(paragraph))


# --- sidebar status, links, exports ---------------------------------------------------------


def working_set_status(c: Corpus) -> None:
    ov = c.overview(Filters())
    n_up = uploaded_count()
    with st.sidebar:
        with st.container(border=True):
            st.markdown(f"**Working set** · {ov.count:,} cables")
            span = year_span(ov.first, ov.last)
            source = "store" if store_path() else "bundled samples"
            joined = not store_path() or store_accepts_uploads()  # a read-only store leaves uploads out
            extra = (f" + {n_up} uploaded" if joined else f" ({n_up} uploaded, not added: read-only)") if n_up else ""
            st.caption(f"{source}{extra} · {span}")
            if n_up:
                st.button("Remove uploaded cables", on_click=clear_uploads, icon=":material/delete:",
                          key="clear_uploads", width="stretch")


def page_header(title: str, caption: str) -> DeltaGenerator:
    """The page's title and caption, and on their right a row for its link and export controls
    that wraps under itself in a narrow window (two fixed columns cut them to "C." and "E.")."""
    head, actions = st.columns([3, 1.4], vertical_alignment="bottom")
    head.title(title, anchor=False)
    head.caption(caption)
    return actions.container(horizontal=True, horizontal_alignment="right")


def share_link(page_path: str, extra: dict[str, str] | None = None, uploaded_note: bool = False) -> None:
    """A 'copy link' control: the URL of this exact view, with a copy button."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    for k, v in (extra or {}).items():
        params[k] = [v]
    flat = [(k, v) for k, vs in params.items() for v in vs if v != ""]
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost:8501"
    except Exception:  # AppTest has no browser URL
        base = "http://localhost:8501"
    url = f"{base}/{page_path}" + (f"?{urlencode(flat)}" if flat else "")
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This link opens the same view (filters, cable, paragraph). Copy it with the button on the right.")
        st.code(url, language=None, wrap_lines=True)
        if uploaded_note or uploaded_count():
            st.caption(":material/info: Uploaded cables live only in this browser session and cannot travel "
                       "in a link: whoever opens it sees the bundled cables only.")


def export_menu(c: Corpus, f: Filters, key: str) -> None:
    """Exports of the filtered set, each built only when its button is clicked."""
    with st.popover("Export", icon=":material/download:"):
        st.caption("Exports of the filtered cables, built when you click.")
        items = [("cables", "csv", "Cables (CSV)"), ("cables", "json", "Cables, full (JSON)"),
                 ("paragraphs", "csv", "Paragraphs (CSV)"), ("paragraphs", "json", "Paragraphs (JSON)"),
                 ("events", "csv", "Events (CSV)"), ("events", "json", "Events (JSON)"),
                 ("timelinejs", "json", "Events as TimelineJS (JSON)")]
        for what, fmt, label in items:
            name = f"cables-{what}.{fmt}" if what != "timelinejs" else "cables-timelinejs.json"
            st.download_button(label, data=lambda w=what, fm=fmt: c.export(f, w, fm), file_name=name,
                               mime="text/csv" if fmt == "csv" else "application/json",
                               key=f"{key}_{what}_{fmt}", on_click="ignore", width="stretch",
                               icon=":material/table_view:" if fmt == "csv" else ":material/data_object:")


CARD = {"border": True, "height": "stretch", "delta_color": "off", "delta_arrow": "off"}
"""A metric card's style: bordered, as tall as its row, its delta a plain note (no colour or arrow)."""


def metric_cards() -> DeltaGenerator:
    """A row for the page's metric cards (`CARD`) that wraps them two by two (or one under another) in
    a narrow window, where four fixed columns cut labels and values short ("Classif…", "197…")."""
    return st.container(horizontal=True, key="cg-metrics")


def empty_state(message: str) -> None:
    st.info(message, icon=":material/filter_alt_off:")


def today() -> date:
    return date.today()
