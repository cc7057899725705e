"""People: people, organisations and places across the filtered set, and who appears with whom."""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cable_core.corpus import Corpus, Filters
from pages._ui import (cable_table, corpus, counted, empty_state, export_menu, filter_panel, md, page_header,
                       start_page, share_link, working_set_status)

KINDS = {"person": "People", "organization": "Organisations", "place": "Places"}
SHOWN_NAMES = 300
# Pixels: a stretched table shares its spare width among all its columns, so the name column gets a
# width of its own (most organisation names whole; people's names are shorter, and their titles then
# keep some room) that still leaves the counts after it in view at 1,100 px; the kind (in short) and
# the title follow them.
NAME_WIDTH, PERSON_NAME_WIDTH, KIND_WIDTH, COUNT_WIDTH = 220, 150, 64, 68
KIND_LABELS = {"person": "person", "organization": "org", "place": "place"}
CHART_LABEL = 24  # characters of a name on the bar chart's axis (the whole name is in its hover text)
CHOSEN = "name"  # the chosen name's entity id, in the URL: the page's link reopens it


def short_label(name: str) -> str:
    return name if len(name) <= CHART_LABEL else name[:CHART_LABEL - 1].rstrip() + "…"


def filter_to_entity(entity_id: str) -> None:
    st.session_state["entity"] = entity_id


def choose_name(ids: list[str]) -> None:
    """The names table's selection changed: keep the chosen name in the URL (a callback, so that a
    name that came with a link stays chosen until the user picks another or clears the choice)."""
    rows = st.session_state["ents"].selection.rows
    if rows:
        st.query_params[CHOSEN] = ids[rows[0]]
    elif CHOSEN in st.query_params:
        del st.query_params[CHOSEN]


def chosen_name(c: Corpus, f: Filters, ents: pd.DataFrame) -> pd.Series | None:
    """The name the URL chose: its row of the table, else (a link may name one outside the most
    frequent) its row among the names of its own cables; None if the filtered cables lack it."""
    eid = st.query_params.get(CHOSEN)
    if not eid:
        return None
    found = ents[ents["id"] == eid]
    if found.empty:
        found = c.entities(f.model_copy(update={"entity": eid}), limit=SHOWN_NAMES)
        found = found[found["id"] == eid]
    if found.empty:
        st.caption(f"The name of the link ({md(eid)}) is not mentioned in the filtered cables.")
        return None
    return found.iloc[0]


start_page()
c = corpus()
working_set_status(c)
f = filter_panel(c)

with page_header("People", "Names the cables mention: how often, in which cables, and who appears with whom. "
                 "Choose a name to see its cables and companions; use it as a filter for every page."):
    share_link("people")
    export_menu(c, f, "pp")

kinds = st.segmented_control("Show", list(KINDS), format_func=KINDS.get, selection_mode="multi",
                             default=["person"], key="kinds", bind="query-params") or list(KINDS)
ents = c.entities(f, kinds=kinds, limit=SHOWN_NAMES)
if ents.empty:
    empty_state("No names in the filtered cables (names appear once the entity extraction has run).")
    st.stop()

left, right = st.columns([1.7, 1], gap="medium")
with left:
    st.subheader(f"The {SHOWN_NAMES} most frequent names" if len(ents) == SHOWN_NAMES else f"{len(ents):,} names",
                 anchor=False)
    # the counts before kind and title, so that they stay in view on a narrow screen
    columns = ["name", "cables", "mentions", *(["kind"] if len(kinds) > 1 else []), "title"]
    if not ents["title"].fillna("").ne("").any():  # organisations and places: the names get the width
        columns.remove("title")
    picked = chosen_name(c, f, ents)
    ids = list(ents["id"])
    shown_row = [ids.index(picked["id"])] if picked is not None and picked["id"] in ids else []
    st.dataframe(ents.assign(kind=ents["kind"].map(KIND_LABELS)), hide_index=True, width="stretch", height=520,
                 key="ents", selection_mode="single-row",
                 on_select=partial(choose_name, ids), selection_default={"selection": {"rows": shown_row}},
                 column_order=columns,
                 column_config={"name": st.column_config.TextColumn(
                                    "name", width=PERSON_NAME_WIDTH if kinds == ["person"] else NAME_WIDTH),
                                "kind": st.column_config.TextColumn("kind", width=KIND_WIDTH),
                                "cables": st.column_config.NumberColumn("cables", width=COUNT_WIDTH),
                                "mentions": st.column_config.NumberColumn("mentions", width=COUNT_WIDTH)})

with right:
    if picked is None:
        st.subheader("Most frequent", anchor=False)
        top = ents.head(20).iloc[::-1]
        labels = top["name"].map(short_label)
        if labels.duplicated().any():  # two names cut to one label would share one bar
            labels = top["name"]
        fig = go.Figure(go.Bar(x=top["cables"], y=labels, orientation="h",
                               marker_color="#3b6fd4", customdata=top["name"],
                               hovertemplate="%{customdata}: %{x} cables<extra></extra>"))
        fig.update_layout(height=520, margin=dict(l=10, r=10, t=10, b=10), xaxis=dict(title="cables"),
                          yaxis=dict(automargin=True))  # the names' width, not a fixed margin that cuts them
        st.plotly_chart(fig, key="top_names", config={"displayModeBar": False})
    else:
        eid = picked["id"]
        st.subheader(md(picked["name"]), anchor=False)  # names and titles come from cable text
        st.caption(f"{picked['kind']} · {md(picked['title']) or 'no title'} · "
                   f"{counted(int(picked['cables']), 'cable')} · {counted(int(picked['mentions']), 'mention')}")
        # A button, not a link: the sidebar's Mentions box (bound to ?entity=) already holds its value in
        # this session and would win over a link's parameter; the callback sets the box itself.
        if st.button("Filter every page to this name", icon=":material/filter_alt:", on_click=filter_to_entity,
                     args=(eid,), type="tertiary", help="Every page then shows only the cables that mention it."):
            st.switch_page("pages/library.py", query_params={})  # {}: the bound filters' own values follow
        st.markdown("**In these cables** (choose one to read it)")
        cables = c.page(f.model_copy(update={"entity": eid}), limit=200)
        cable_table(cables.assign(created=cables["created"].dt.strftime("%Y-%m-%d")), "ent_cables",
                    column_order=["created", "ref_id", "label", "subject"])
        st.markdown("**Appears with**")
        co = c.cooccurrence(f, entity=eid, kinds=kinds, limit=50)
        if len(co):
            st.dataframe(co[["b_name", "cables"]].rename(columns={"b_name": "name"}), hide_index=True,
                         width="stretch", key="cooc")
        else:
            st.caption("No other names in the same cables.")

st.subheader("Who appears with whom", anchor=False)
pairs = c.cooccurrence(f, kinds=kinds, limit=40)
if len(pairs):
    st.dataframe(pairs[["a_name", "b_name", "cables"]].rename(columns={"a_name": "name", "b_name": "with"}),
                 hide_index=True, width="stretch", key="pairs",
                 column_config={"cables": st.column_config.ProgressColumn(
                     "shared cables", min_value=0, max_value=int(pairs["cables"].max()), format="%d")})
else:
    st.caption("No pairs of names share a cable.")

st.subheader("Quotes", anchor=False)
q = c.quotes(f, limit=300)
if len(q):
    st.dataframe(q[["ref_id", "paragraph", "speaker", "text"]], hide_index=True, width="stretch", key="quotes_all",
                 column_config={"text": st.column_config.TextColumn("quote", width="large")})
else:
    st.caption("No quotations found.")
