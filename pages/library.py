"""Library (home): the working set at a glance, the drop zone, filters, the table, cables over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cable_core.views import LABEL_ORDER, SHORT_LABELS, label_colour, label_sort_key
from pages._ui import (UPLOAD_TYPES, add_upload, corpus, empty_state, esc, export_menu, filter_panel,
                       page_style, share_link, uploads, working_set_status)

PAGE_SIZE = 200

page_style()
c = corpus()
working_set_status(c)
f = filter_panel(c)

head, actions = st.columns([3, 1.4], vertical_alignment="bottom")
with head:
    st.title("Library", anchor=False)
    st.caption("US diplomatic cables (WikiLeaks Cablegate and PlusD). Filter in the sidebar; choose a row to read the cable.")
with actions:
    a1, a2 = st.columns(2)
    with a1:
        share_link("", uploaded_note=True)
    with a2:
        export_menu(c, f, "lib")

ov = c.overview(f)
total = c.count(type(f)()) if not f.is_empty() else ov.count
m1, m2, m3, m4 = st.columns(4)
m1.metric("Cables", f"{ov.count:,}", delta=None if f.is_empty() else f"of {total:,}", delta_color="off", border=True)
m2.metric("Date span", f"{ov.first:%Y}–{ov.last:%Y}" if ov.first and ov.last else "—",
          delta=f"{ov.first:%-d %b %Y} → {ov.last:%-d %b %Y}" if ov.first and ov.last else None, delta_color="off",
          border=True)
m3.metric("Origins", f"{ov.origins:,}", delta=f"{ov.paragraphs:,} paragraphs", delta_color="off", border=True)
classified = sum(n for label, n in ov.labels.items() if label.split("//")[0] in ("SECRET", "TOP SECRET"))
m4.metric("SECRET or above", f"{classified:,}",
          delta=f"{classified / ov.count:.0%} of the set" if ov.count else None, delta_color="off", border=True)

# label mix as one stacked bar
if ov.labels:
    parts = sorted(ov.labels.items(), key=lambda kv: label_sort_key(kv[0]))
    segs = "".join(
        f'<div title="{esc(label)}: {n}" style="flex:{n};background:{label_colour(label)};color:#fff;'
        f'font-size:.75rem;padding:.2rem .4rem;white-space:nowrap;overflow:hidden">'
        f'{esc(SHORT_LABELS.get(label, label))} · {n}</div>' for label, n in parts)
    st.html(f'<div style="display:flex;border-radius:.4rem;overflow:hidden;margin:.2rem 0 .6rem 0">{segs}</div>')

with st.expander("Add cables — drop files here (text, HTML pages, cables.csv, zip)", expanded=False,
                 icon=":material/upload_file:"):
    files = st.file_uploader(
        "Drop one or many files", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploader",
        help="Plain-text cables, WikiLeaks or PlusD HTML pages, the release's cables.csv, or zip archives of these.")
    st.caption("Uploaded cables stay in this browser session only: they are not stored on the server and "
               "cannot travel in a shared link.")
    if files:
        fresh = [u for u in files if u.file_id not in st.session_state.setdefault("_seen_files", set())]
        if fresh:
            bar = st.progress(0.0, text="Parsing…")
            for i, u in enumerate(fresh, 1):
                bar.progress(i / len(fresh), text=f"Parsing {i} of {len(fresh)}")
                add_upload(u.name, u.getvalue())
                st.session_state["_seen_files"].add(u.file_id)
            bar.empty()
            c = corpus()
    done = list(uploads().values())
    if done:
        st.dataframe(pd.DataFrame([{"file": r.name, "size": f"{r.size / 1024:,.1f} KB", "result": r.message,
                                    "cables": ", ".join(x.ref_id or "?" for x in r.cables[:12])
                                    + (" …" if len(r.cables) > 12 else "")} for r in done]),
                     hide_index=True, width="stretch", key="upload_results",
                     column_config={"result": st.column_config.TextColumn("result", width="large")})

if ov.count == 0:
    empty_state("No cable matches these filters. Loosen them in the sidebar.")
    st.stop()

chart_col, table_col = st.columns([1, 1.9], gap="medium")
with chart_col:
    st.subheader("Cables over time", anchor=False)
    span_years = (ov.last.year - ov.first.year) if ov.first and ov.last else 0
    freq = "MS" if span_years <= 3 else "YS"
    tc = c.timeline_counts(f, freq)
    fig = go.Figure()
    for label in sorted(tc["label"].unique(), key=label_sort_key):
        part = tc[tc["label"] == label]
        fig.add_bar(x=part["period"], y=part["count"], name=label, marker_color=label_colour(label),
                    hovertemplate="%{x|%Y}: %{y} cables<extra>" + esc(label) + "</extra>")
    fig.update_layout(barmode="stack", height=380, margin=dict(l=10, r=10, t=10, b=10), bargap=0.15,
                      legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, font=dict(size=11)),
                      xaxis=dict(type="date"), yaxis=dict(title="cables", dtick=None))
    st.plotly_chart(fig, key="over_time", config={"displayModeBar": False})
    if f.query:
        hits = c.search(f.query, f, limit=8)
        if len(hits):
            st.subheader("Best matching paragraphs", anchor=False)
            for row in hits.itertuples():
                st.html(f'<div class="cg-para" style="--cg-c:{label_colour(row.label)}"><div class="head">'
                        f'<span class="cg-ref">{esc(row.ref_id)} ¶{esc(row.paragraph)}</span>'
                        f'<span class="cg-muted">score {row.score:.2f}</span></div>'
                        f'<div class="txt" style="font-size:.88rem">{esc(row.snippet)}</div></div>')
            st.caption("Open a cable from the table to read the paragraph in context.")

with table_col:
    sort_labels = {"created": "Date", "ref_id": "Reference", "origin": "Origin", "label": "Classification",
                   "subject": "Subject"}
    t1, t2, t3 = st.columns([2, 1, 1.2], vertical_alignment="bottom")
    t1.subheader(f"{ov.count:,} cables", anchor=False)
    sort = t2.selectbox("Sort by", list(sort_labels), format_func=sort_labels.get, key="sort", bind="query-params")
    order = t3.segmented_control("Order", ["newest", "oldest"], default="newest", key="order",
                                 bind="query-params", label_visibility="hidden") or "newest"
    descending = (order == "newest") if sort == "created" else (order != "newest")
    pages = max(1, -(-ov.count // PAGE_SIZE))
    page_no = 1
    if pages > 1:
        page_no = st.number_input("Page", 1, pages, 1, key="pg", bind="query-params")
    rows = c.page(f, sort=sort, descending=descending, offset=(page_no - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    show = rows.assign(created=rows["created"].dt.strftime("%Y-%m-%d"),
                       label=rows["label"].map(lambda x: SHORT_LABELS.get(x, x)),
                       uploaded=rows["uploaded"].map({True: "uploaded", False: ""}))
    event = st.dataframe(
        show, key="cables", on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch",
        height=560,
        column_order=["created", "ref_id", "label", "origin", "subject", "tags", "paragraphs", "uploaded"],
        column_config={
            "created": st.column_config.TextColumn("Date", width="small"),
            "ref_id": st.column_config.TextColumn("Reference", width="small"),
            "label": st.column_config.TextColumn("Class.", width="small",
                                                 help="U, U//FOUO, LOU, C, C//NF (NOFORN), S, S//NF"),
            "origin": st.column_config.TextColumn("Origin", width="medium"),
            "subject": st.column_config.TextColumn("Subject", width="large"),
            "tags": st.column_config.TextColumn("TAGS", width="small"),
            "paragraphs": st.column_config.NumberColumn("¶", width="small", help="paragraphs"),
            "uploaded": st.column_config.TextColumn("", width="small"),
        })
    st.caption("Choose a row to open the cable." + (f" Page {page_no} of {pages}." if pages > 1 else ""))
    chosen = event.selection.rows if event and hasattr(event, "selection") else []
    if chosen:
        key = rows.iloc[chosen[0]]["key"]
        st.switch_page("pages/cable.py", query_params={"ref": key})

_ = LABEL_ORDER
