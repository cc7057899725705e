"""Library (home): the working set at a glance, the drop zone, filters, the table, cables over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cable_core.corpus import query_terms
from cable_core.views import SHORT_LABELS, file_size, label_colour, label_sort_key, year_span
from pages._ui import (CARD, UPLOAD_TYPES, add_upload, cable_table, chart_text, corpus, empty_state, esc, export_menu,
                       filter_panel, highlighted, md, metric_cards, page_header, request_cable, start_page,
                       share_link, store_accepts_uploads, store_path, table_height, uploads, working_set_status)

PAGE_SIZE = 200

start_page()

actions = page_header("Library", "US diplomatic cables (WikiLeaks Cablegate and PlusD). Filter in the sidebar; "
                                 "choose a row to read the cable.")

metrics_box = st.container()

with st.expander("Add cables — drop files here (text, HTML pages, cables.csv, zip)", expanded=True,
                 icon=":material/upload_file:"):
    files = st.file_uploader(
        "Drop one or many files", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploader",
        help="Plain-text cables, WikiLeaks or PlusD HTML pages, the release's cables.csv, or zip archives of these.")
    if not store_path():
        st.caption("Uploaded cables stay in this browser session only: they are not stored on the server and "
                   "cannot travel in a shared link.")
    elif store_accepts_uploads():
        st.caption("A store is open: uploaded cables are added to it (cables it already holds are skipped).")
    else:
        st.caption("This store is shared and read-only (CABLES_STORE_READONLY): uploads are parsed and "
                   "reported here but not added to it.")
    if files:
        fresh = [u for u in files if u.file_id not in st.session_state.setdefault("_seen_files", set())]
        if fresh:
            bar = st.progress(0.0, text="Parsing…")
            for i, u in enumerate(fresh, 1):
                bar.progress(i / len(fresh), text=f"Parsing {i} of {len(fresh)}")
                add_upload(u.name, u.getvalue())
                st.session_state["_seen_files"].add(u.file_id)
            bar.empty()
    done = list(uploads().values())
    if done:
        rows_html = []
        for r in done:
            ok = bool(r.cables)
            refs = ", ".join(x.ref_id or "?" for x in r.cables[:10]) + (" …" if len(r.cables) > 10 else "")
            rows_html.append(
                f'<div class="cg-upload {"ok" if ok else "bad"}"><span class="icon">{"✓" if ok else "✗"}</span>'
                f'<span class="name">{esc(r.name)}</span><span class="cg-muted">{file_size(r.size)}</span>'
                f'<span class="msg">{esc(r.message)}</span><span class="cg-ref">{esc(refs)}</span></div>')
        st.html('<div class="cg-uploads">' + "".join(rows_html) + "</div>")

c = corpus()
working_set_status(c)
f = filter_panel(c)
with actions:
    share_link("", uploaded_note=True)
    export_menu(c, f, "lib")
with metrics_box:
    ov = c.overview(f)
    total = c.count(type(f)()) if not f.is_empty() else ov.count
    cards = metric_cards()
    cards.metric("Cables", f"{ov.count:,}", delta=None if f.is_empty() else f"of {total:,}", **CARD)
    cards.metric("Date span", year_span(ov.first, ov.last),
                 delta=f"{ov.first:%-d %b %Y} → {ov.last:%-d %b %Y}" if ov.first and ov.last else None, **CARD)
    cards.metric("Origins", f"{ov.origins:,}", delta=f"{ov.paragraphs:,} paragraphs", **CARD)
    classified = sum(n for label, n in ov.labels.items() if label.split("//")[0] in ("SECRET", "TOP SECRET"))
    cards.metric("SECRET or above", f"{classified:,}",
                 delta=f"{classified / ov.count:.0%} of the set" if ov.count else None, **CARD)

    # label mix as one stacked bar
    if ov.labels:
        parts = sorted(ov.labels.items(), key=lambda kv: label_sort_key(kv[0]))
        segs = "".join(
            f'<div title="{esc(label)}: {n}" style="flex:{n};background:{label_colour(label)};color:#fff;'
            f'font-size:.75rem;padding:.2rem .4rem;white-space:nowrap;overflow:hidden">'
            f'{esc(SHORT_LABELS.get(label, label))} · {n}</div>' for label, n in parts)
        st.html(f'<div style="display:flex;border-radius:.4rem;overflow:hidden;margin:.2rem 0 .6rem 0">{segs}</div>')

if ov.count == 0:
    empty_state("No cable matches these filters. Loosen them in the sidebar.")
    st.stop()

span_years = (ov.last.year - ov.first.year) if ov.first and ov.last else 0
freq = "MS" if span_years <= 3 else "YS"
step, step_days = (pd.DateOffset(months=1), 30.4) if freq == "MS" else (pd.DateOffset(years=1), 365.25)
tc = c.timeline_counts(f, freq)


def few_periods_tick(periods: pd.Series, freq: str) -> str | None:
    """One tick per period when there are few (plotly would tick a three-month range weekly,
    printing each month several times); plotly's own choice otherwise."""
    first, last = periods.min(), periods.max()
    count = (last.year - first.year) * (12 if freq == "MS" else 1) + (last.month - first.month if freq == "MS" else 0)
    return ("M1" if freq == "MS" else "M12") if count <= 12 else None


fig = go.Figure()
for label in sorted(tc["label"].unique(), key=label_sort_key):
    part = tc[tc["label"] == label]
    # a bar as wide as its period (plotly otherwise stretches a lone bar over the whole axis)
    fig.add_bar(x=part["period"] + pd.Timedelta(days=step_days / 2), y=part["count"], name=label, marker_color=label_colour(label),
                width=0.85 * step_days * 86_400_000,  # in milliseconds on a date axis
                hovertemplate=("%{x|%b %Y}" if freq == "MS" else "%{x|%Y}") + ": %{y} cables<extra>" + chart_text(label) + "</extra>")
fig.update_layout(barmode="stack", height=250, margin=dict(l=10, r=10, t=30, b=10), bargap=0.12,
                  title=dict(text="Cables over time, by classification", font=dict(size=15), x=0, y=0.98),
                  legend=dict(orientation="v", x=1.01, y=1, font=dict(size=11)),
                  xaxis=dict(type="date", range=[tc["period"].min() - step, tc["period"].max() + 2 * step],
                             tickformat="%b %Y" if freq == "MS" else "%Y",
                             dtick=few_periods_tick(tc["period"], freq)),
                  # whole cables only: a tick per cable when the tallest bar is short (plotly would tick 0.2, 0.4)
                  yaxis=dict(title="cables", rangemode="tozero",
                             dtick=1 if tc.groupby("period")["count"].sum().max() <= 5 else None))
st.plotly_chart(fig, key="over_time", config={"displayModeBar": False})

if f.query:
    hits = c.search(f.query, f, limit=6)
    terms = query_terms(f.query)
    if len(hits):
        with st.expander(f"Best matching paragraphs for “{md(f.query)}”", expanded=True, icon=":material/manage_search:"):
            for i, row in enumerate(hits.itertuples()):
                st.button(f"{row.ref_id} ¶{row.paragraph}", key=f"hit{i}", type="tertiary", icon=":material/article:",
                          on_click=request_cable, args=(row.key, row.paragraph))
                st.html(f'<div class="cg-para" style="--cg-c:{label_colour(row.label)}"><div class="head">'
                        f'<span class="cg-muted">{esc(row.subject)}</span><span class="cg-muted" style="margin-left:auto">'
                        f'score {row.score:.2f}</span></div>'
                        f'<div class="txt" style="font-size:.88rem">{highlighted(row.snippet, terms)}</div></div>')
            if ranked_within := hits.attrs.get("ranked_within"):
                st.caption(f"Ranked among the latest {ranked_within:,} matching paragraphs: make the query or "
                           "the filters narrower to rank every match.")

sort_labels = {"created": "Date", "ref_id": "Reference", "origin": "Origin", "label": "Classification",
               "subject": "Subject"}
t1, t2, t3 = st.columns([2.6, 1.1, 1.5], vertical_alignment="bottom")
t1.subheader(f"{ov.count:,} cable{'' if ov.count == 1 else 's'}"
             + ("" if f.is_empty() else " match" + ("es" if ov.count == 1 else "") + " the filters"), anchor=False)
sort = t2.selectbox("Sort by", list(sort_labels), format_func=sort_labels.get, key="sort", bind="query-params")
order = t3.segmented_control("Order", ["descending", "ascending"], default="descending", key="order",
                             bind="query-params", required=True) or "descending"
descending = order == "descending"
pages = max(1, -(-ov.count // PAGE_SIZE))
page_no = 1
if pages > 1:
    page_no = st.number_input("Page", 1, pages, 1, key="pg", bind="query-params")
rows = c.page(f, sort=sort, descending=descending, offset=(page_no - 1) * PAGE_SIZE, limit=PAGE_SIZE)
show = rows.assign(created=rows["created"].dt.strftime("%Y-%m-%d"),
                   label=rows["label"].map(lambda x: SHORT_LABELS.get(x, x)),
                   uploaded=rows["uploaded"].map({True: "uploaded", False: ""}))
cable_table(
    show, "cables", height=table_height(len(show), 640),
    column_order=["created", "ref_id", "label", "origin", "subject", "tags", "paragraphs", "uploaded"],
    column_config={
        "created": st.column_config.TextColumn("Date", width=90),
        "ref_id": st.column_config.TextColumn("Reference", width=150),
        "label": st.column_config.TextColumn("Class.", width=70, help="U, U//FOUO, LOU, C, C//NF (NOFORN), S, S//NF"),
        "origin": st.column_config.TextColumn("Origin", width=170),
        "subject": st.column_config.TextColumn("Subject", width="large"),
        "tags": st.column_config.TextColumn("TAGS", width=140),
        "paragraphs": st.column_config.NumberColumn("¶", width=40, help="paragraphs"),
        "uploaded": st.column_config.TextColumn("", width=80),
    })
st.caption("Choose a row to open the cable." + (f" Page {page_no} of {pages}." if pages > 1 else ""))

