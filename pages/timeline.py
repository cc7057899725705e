"""Timeline: the events the filtered cables mention, with their precision shown honestly."""

from __future__ import annotations

import re
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cable_core.corpus import Corpus, Filters
from cable_core.views import marking_colour, marking_meaning
from pages._ui import (cable_table, chart_text, corpus, counted, empty_state, export_menu, filter_panel, page_header,
                      start_page, share_link, table_height, working_set_status)

MAX_EVENTS = 3000
MAX_CABLES = 300  # more cables make an unreadable chart: the timeline shows the newest of a larger set
PICKER_CHOICES = 500
POINT_PRECISIONS = ("minute", "day")
LANE_CABLE, LANE_DECLASS = "Cable sent", "Declassification"
SPACE = re.compile(r"\s")


def picked_cables(c: Corpus, picked: list[str]) -> tuple[list[str], list[str]]:
    """(the keys of the picked cables, the picked values that name no cable of the set)."""
    found = {value: c.key_of(value) for value in picked}
    return [key for key in found.values() if key], [value for value, key in found.items() if not key]


def shown_cables(c: Corpus, f: Filters, keys: list[str]) -> Filters:
    """The filters of the cables whose events are drawn: the picked ones, else the filtered set when
    it is small enough, else the first the Library lists (newest first), said in one line."""
    if keys:
        return f.model_copy(update={"refs": keys})
    total = c.count(f)
    if total <= MAX_CABLES:
        return f
    st.info(f"Showing the events of the {MAX_CABLES} newest of {total:,} filtered cables; narrow the filters or "
            "pick cables to see others.", icon=":material/info:")
    return f.model_copy(update={"refs": list(c.page(f, limit=MAX_CABLES)["key"])})


def event_rows(ev: pd.DataFrame) -> pd.DataFrame:
    """The events as table rows, by date: a day as one date, a longer span as its first and last day."""
    rows = ev.sort_values(["start", "ref_id"])
    day = rows["start"].dt.strftime("%-d %b %Y")
    span = day + " – " + rows["end"].dt.strftime("%-d %b %Y")
    paragraph = rows["paragraph"].map(lambda n: "" if pd.isna(n) else f" ¶{int(n)}")
    return rows.assign(when=day.where(rows["precision"].isin(POINT_PRECISIONS), span),
                       cable=rows["ref_id"].where(rows["ref_id"] != "", rows["key"]) + paragraph)


start_page()
c = corpus()
working_set_status(c)
f = filter_panel(c)

with page_header("Timeline", "Dated events mentioned in the filtered cables. A day is a point; a month, season or "
                 "year is a bar over the span it names (\"early 2007\" covers the first part of 2007). Click an "
                 "event to open its cable at that paragraph."):
    share_link("timeline")
    export_menu(c, f, "tl")

choices = c.page(Filters(), limit=PICKER_CHOICES)
names = dict(zip(choices["key"], choices["ref_id"]))
with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):  # wraps in a narrow window
    # any cable of the set may come from a link (?refs=) or be typed: the list only offers the newest
    picked = st.multiselect("Only these cables", list(choices["key"]), key="refs", bind="query-params",
                            accept_new_options=True, format_func=lambda key: names.get(key, key),
                            placeholder="all filtered cables, or type a reference id", width=380)
    rows_by = st.segmented_control("One row per", ["cable", "kind", "event"], default="cable", key="rows",
                                   bind="query-params", required=True) or "cable"
    lanes = st.pills("Lanes", ["cable dates", "declassification dates"], selection_mode="multi",
                     default=["cable dates"], key="lanes", bind="query-params")
keys, unknown = picked_cables(c, picked)
if unknown:
    missing = f"Not cables of this set: {', '.join(unknown)}."
    if not keys:
        empty_state(f"{missing} Pick or type the reference id of a cable the Library lists.")
        st.stop()
    st.warning(f"{missing} The timeline shows the other picked cables.", icon=":material/warning:")
f = shown_cables(c, f, keys)

ev = c.events(f, limit=MAX_EVENTS)
if len(ev) >= MAX_EVENTS:
    st.warning(f"Showing the first {MAX_EVENTS:,} events; narrow the filters to see the rest.", icon=":material/warning:")
lanes = lanes or []
keep = ~ev["kind"].isin(["cable", "declassification"])
if "cable dates" in lanes:
    keep |= ev["kind"] == "cable"
if "declassification dates" in lanes:
    keep |= ev["kind"] == "declassification"
ev = ev[keep].reset_index(drop=True)
if ev.empty:
    empty_state("No dated events in the filtered cables.")
    st.stop()

if rows_by == "event":
    seen: dict[str, int] = {}
    labels = []
    several = ev["key"].nunique() > 1
    for r in ev.itertuples():
        text = f"{textwrap.shorten(r.title, 44)} ({r.expression})" + (f" · {r.ref_id}" if several else "")
        seen[text] = seen.get(text, 0) + 1
        labels.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    ev["row"] = labels
elif rows_by == "kind":
    ev["row"] = ev["kind"]
else:
    ev["row"] = ev["ref_id"].where(ev["ref_id"] != "", ev["key"])
ev.loc[ev["kind"] == "cable", "row"] = LANE_CABLE
ev.loc[ev["kind"] == "declassification", "row"] = LANE_DECLASS
ev["mark"] = ev["marking"].where(ev["marking"] != "", ev["label"].str.split("//").str[0].map(
    {"UNCLASSIFIED": "U", "LIMITED OFFICIAL USE": "LOU", "CONFIDENTIAL": "C", "SECRET": "S", "TOP SECRET": "TS"}).fillna(""))
ev.loc[ev["kind"].isin(["cable", "declassification"]), "mark"] = "cable banner"


def _wrap(text: str, width: int = 70, lines: int = 6) -> str:
    # a sentence may be a whole paragraph of thousands of characters: wrapping only up to a word past
    # the lines shown gives the same lines at a fraction of the cost
    cut = SPACE.search(text, width * (lines + 1))
    return "<br>".join(textwrap.wrap(chart_text(text[:cut.start()] if cut else text), width)[:lines]) or "—"


def _shortened(text: str, width: int = 90) -> str:
    # textwrap.shorten takes ~30 µs: only the rare long list pays it, not every event of every rerun
    return text if len(text) <= width else textwrap.shorten(text, width)


ev["hover"] = [
    f"<b>{chart_text(r.title)}</b><br>{chart_text(r.expression)} · {chart_text(r.precision)}{(' (' + chart_text(r.mod) + ')') if r.mod else ''}"
    f"{'<br>who: ' + chart_text(_shortened(r.participants)) if r.participants else ''}"
    f"<br>{_wrap(r.sentence)}<br><i>{chart_text(r.ref_id)} ¶{'' if pd.isna(r.paragraph) else int(r.paragraph)} · "
    f"{chart_text(r.marking or 'unmarked')} · {chart_text(r.kind)}</i>"
    for r in ev.itertuples()]
# the two cable lanes on top, then one row per cable/kind/event by its first date (ties by name)
first_dates = ev[~ev["row"].isin([LANE_CABLE, LANE_DECLASS])].groupby("row")["start"].min().reset_index()
order = [lane for lane in (LANE_CABLE, LANE_DECLASS) if (ev["row"] == lane).any()] + list(
    first_dates.sort_values(["start", "row"])["row"])

fig = go.Figure()
traces: list[pd.DataFrame] = []
label_points = False
for mark in sorted(ev["mark"].unique(), key=lambda m: (m == "cable banner", m)):
    part = ev[ev["mark"] == mark]
    colour = "#6b7280" if mark == "cable banner" else marking_colour(mark or None)
    name = mark or "unmarked"
    spans = part[~part["precision"].isin(POINT_PRECISIONS)]
    points = part[part["precision"].isin(POINT_PRECISIONS)]
    if len(spans):
        width_ms = ((spans["end"] + pd.Timedelta(days=1)) - spans["start"]).dt.total_seconds() * 1000
        fig.add_bar(y=spans["row"], x=width_ms, base=spans["start"], orientation="h", name=f"{name} (span)",
                    marker=dict(color=colour, opacity=0.45, line=dict(color=colour, width=1.5)),
                    hovertext=spans["hover"], hoverinfo="text", legendgroup=name, width=0.5)
        traces.append(spans)
    if len(points):
        symbols = ["diamond" if k in ("cable", "declassification") else "circle" for k in points["kind"]]
        fig.add_scatter(y=points["row"], x=points["start"], mode="markers+text" if label_points else "markers",
                        name=name, marker=dict(color=colour, size=12, symbol=symbols, line=dict(color="#fff", width=1)),
                        text=[textwrap.shorten(t, 28) for t in points["title"]] if label_points else None,
                        textposition="top center", textfont=dict(size=10, color="#374151"),
                        hovertext=points["hover"], hoverinfo="text", legendgroup=name)
        traces.append(points)
height = min(max(340, 30 * len(order) + 160), 1400)
tall = height > 700  # the dates go on top, where the reader starts, rather than a screen below
fig.update_layout(height=height, barmode="overlay", margin=dict(l=10, r=10, t=50 if tall else 30, b=10),
                  hoverlabel=dict(align="left", bgcolor="#fff", font=dict(size=12)), clickmode="event+select",
                  legend=dict(orientation="h", y=-0.08, yanchor="top", x=0, title=dict(text="marking: ")),
                  yaxis=dict(categoryorder="array", categoryarray=list(reversed(order)), title=None, automargin=True),
                  xaxis=dict(type="date", showgrid=True, gridcolor="#eef0f4", side="top" if tall else "bottom"))
state = st.plotly_chart(fig, key="timeline", on_select="rerun", selection_mode=("points",),
                        config={"displayModeBar": False})
points = (state.selection.points if state and hasattr(state, "selection") else []) or []
if points:
    pt = points[0]
    frame = traces[pt.get("curve_number", 0)] if pt.get("curve_number", 0) < len(traces) else None
    index = pt.get("point_index", pt.get("point_number", 0))
    if frame is not None and index is not None and index < len(frame):
        row = frame.iloc[index]
        params = {"ref": row["key"]}
        if not pd.isna(row["paragraph"]):
            params["p"] = str(int(row["paragraph"]))
        st.switch_page("pages/cable.py", query_params=params)

st.caption(f"{counted(len(ev), 'event')} in {counted(ev['key'].nunique(), 'cable')}. Markings: " + ", ".join(
    f"{m or 'unmarked'} = {marking_meaning(m) if m and m != 'cable banner' else 'from the cable header'}"
    for m in sorted(ev["mark"].unique())))

st.subheader("Events", anchor=False)
# the date, its wording, what happened, who took part and where it is said first; the sentence gets the
# width left
cable_table(event_rows(ev), "events", "paragraph", height=table_height(len(ev), 560),
            column_order=["when", "expression", "title", "participants", "cable", "sentence", "kind", "mark",
                          "precision"],
            column_config={"when": st.column_config.TextColumn("date", width=165),
                           "expression": st.column_config.TextColumn("as written", width=100),
                           "title": st.column_config.TextColumn("event", width=250),
                           "participants": st.column_config.TextColumn("who", width=150),
                           "cable": st.column_config.TextColumn("cable", width=115),
                           "sentence": st.column_config.TextColumn("sentence", width="large"),
                           "kind": st.column_config.TextColumn("kind", width=90),
                           "mark": st.column_config.TextColumn("marking", width=90),
                           "precision": st.column_config.TextColumn("precision", width=80)})
st.caption("Choose a row to open its cable at that paragraph.")
