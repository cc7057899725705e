"""Markings: classification analytics over the filtered set."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from cable_core.views import MARKING_ORDER, SHORT_LABELS, commonest, label_colour, label_sort_key, marking_colour
from pages._ui import (CARD, cable_table, corpus, empty_state, export_menu, filter_panel, metric_cards,
                       page_header, start_page, share_link, working_set_status)

start_page()
c = corpus()
working_set_status(c)
f = filter_panel(c)

with page_header("Markings", "How the filtered cables are classified: banners, paragraph (portion) markings, "
                 "paragraphs marked above their banner, unmarked paragraphs in classified cables, declassification "
                 "dates and reasons."):
    share_link("markings")
    export_menu(c, f, "mk")

if c.count(f) == 0:
    empty_state("No cable matches these filters.")
    st.stop()
r = c.paragraph_markings(f)
n_par = int(r.markings["paragraphs"].sum()) if len(r.markings) else 0
cards = metric_cards()
cards.metric("Cables", f"{int(r.labels['cables'].sum()):,}", **CARD)
cards.metric("Paragraphs", f"{n_par:,}", **CARD)
cards.metric("Marked above banner", f"{r.above_banner_count:,}", **CARD,
             help="Paragraphs whose portion marking is higher than the cable's classification banner.")
cards.metric("Unmarked in classified cables", f"{r.unmarked_count:,}", **CARD,
             delta=f"{r.unmarked_count / n_par:.0%} of paragraphs" if n_par else None)


SHOWN_MARKINGS = 10  # a chart of 300 px names every bar up to about this many


def _bar(frame, x, y, colours, title, height=300):
    fig = go.Figure(go.Bar(x=frame[x], y=frame[y], marker_color=colours, orientation="h",
                           hovertemplate="%{y}: %{x}<extra></extra>", text=frame[x], textposition="auto"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), yaxis=dict(autorange="reversed"),
                      xaxis=dict(title=title))
    return fig


g1, g2 = st.columns(2)
with g1:
    st.subheader("Banners", anchor=False)
    labels = r.labels.sort_values("label", key=lambda s: s.map(label_sort_key))
    # a caveat on a line of its own: "UNCLASSIFIED//FOR OFFICIAL USE ONLY" was cut to "LASSIFIED//…" in a
    # narrow window (plotly widens the margin only so far)
    wrapped = labels.assign(label=labels["label"].str.replace("//", "//<br>", regex=False))
    st.plotly_chart(_bar(wrapped, "cables", "label", [label_colour(x) for x in labels["label"]], "cables"),
                    key="labels_chart", config={"displayModeBar": False})
with g2:
    st.subheader("Paragraph markings", anchor=False)
    marks = commonest(r.markings, "marking", "paragraphs", SHOWN_MARKINGS, "markings").sort_values(
        "marking", key=lambda s: s.map(lambda m: MARKING_ORDER.index(m) if m in MARKING_ORDER else 50), kind="stable")
    st.plotly_chart(_bar(marks, "paragraphs", "marking",
                         [marking_colour(None if m == "(unmarked)" else m) for m in marks["marking"]], "paragraphs"),
                    key="marks_chart", config={"displayModeBar": False})

g3, g4 = st.columns(2)
with g3:
    st.subheader("Declassification dates by year", anchor=False)
    d = r.declass_years
    if len(d):
        fig = go.Figure()
        for status, colour in (("passed", "#2e9e55"), ("due", "#d97706")):
            part = d[d["status"] == status]
            fig.add_bar(x=part["year"], y=part["cables"], name=status, marker_color=colour)
        fig.update_layout(barmode="stack", height=300, margin=dict(l=10, r=10, t=10, b=10),
                          legend=dict(orientation="h", y=1.1), yaxis=dict(title="cables"))
        st.plotly_chart(fig, key="declass_chart", config={"displayModeBar": False})
        st.caption(f"{int(d[d.status == 'passed'].cables.sum())} cables' declassification date has passed; "
                   f"{int(d[d.status == 'due'].cables.sum())} are still due.")
    else:
        st.caption("No declassification dates in the filtered cables.")
with g4:
    st.subheader("Classification reasons", anchor=False)
    if len(r.reasons):
        st.dataframe(r.reasons, hide_index=True, width="stretch", key="reasons", column_config={
            "reason": st.column_config.TextColumn("reason", width="small"),
            "meaning": st.column_config.TextColumn("meaning (E.O. 12958 / 13526)", width="large"),
            "cables": st.column_config.ProgressColumn("cables", min_value=0, max_value=int(r.reasons["cables"].max()),
                                                      format="%d")})
    else:
        st.caption("No 'Classified by' lines with reasons.")

st.subheader("Banner × paragraph marking", anchor=False)
if len(r.label_by_marking):
    pivot = r.label_by_marking.pivot_table(index="label", columns="marking", values="paragraphs", fill_value=0)
    pivot = pivot.loc[sorted(pivot.index, key=label_sort_key)]
    pivot = pivot[sorted(pivot.columns, key=lambda m: MARKING_ORDER.index(m) if m in MARKING_ORDER else 50)]
    pivot.index = [SHORT_LABELS.get(i, i) for i in pivot.index]
    st.dataframe(pivot, width="stretch", key="pivot")

t1, t2 = st.tabs([f"Marked above banner · {r.above_banner_count}", f"Unmarked in classified cables · {r.unmarked_count}"])
cfg = {"key": None, "text": st.column_config.TextColumn("text", width="large"),
       "label": st.column_config.TextColumn("banner", width="small"),
       "ref_id": st.column_config.TextColumn("cable", width="small"),
       "paragraph": st.column_config.NumberColumn("¶", width="small")}
with t1:
    if len(r.above_banner):
        cable_table(r.above_banner, "above", "paragraph", column_config=cfg)
    else:
        st.caption("No paragraph is marked above its cable's banner.")
with t2:
    if len(r.unmarked):
        cable_table(r.unmarked, "unmarked", "paragraph", column_config=cfg)
    else:
        st.caption("Every paragraph of the classified cables carries a marking.")
    st.caption("Choose a row to open the cable at that paragraph. Lists are capped at 500 rows.")
