"""Cable: one cable as an analyst reads it, with its header decoded and its paragraphs marked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cable_core.corpus import Filters, cable_label, level_rank, marking_level_rank
from cable_core.events import display_date
from cable_core.models import PARTICIPANT_SEPARATOR
from cable_core.views import (addressee_text, classified_by_text, declass_status, marking_colours,
                              marking_meaning, precedence_meaning, readable_datetime, reasons_text)
from pages._ui import (banner_html, chip, corpus, esc, marking_badge_html, md, scroll_to, start_page, share_link,
                       uploaded_count, working_set_status)

def filter_library_to(chosen_key: str) -> None:
    """A name chip chosen: the Library opens filtered to that entity (through st.switch_page, which
    keeps the session, so uploaded cables stay)."""
    st.session_state["_to_library"] = st.session_state.get(chosen_key)


LEVELS = ["everything", "UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET"]

start_page()
c = corpus()
working_set_status(c)

# the cable picker: the filtered table's cables, plus any reference typed in (bound to ?ref=)
choices = c.page(Filters(), sort="created", descending=True, limit=500)
options = list(choices["key"])
names = dict(zip(choices["key"], choices["ref_id"] + "  ·  " + choices["origin"] + "  ·  "
                 + choices["created"].dt.strftime("%Y-%m-%d").fillna("")))
heading = st.container()  # the page's title goes above the picker while no cable is chosen
top1, top2, top3 = st.columns([3, 0.8, 0.8], vertical_alignment="bottom")
with top1:
    ref = st.selectbox("Open a cable", options, index=None, key="ref", bind="query-params", accept_new_options=True,
                       placeholder="Choose or type a reference id (e.g. 06ASTANA280)")
cable = c.get(ref) if ref else None

if cable is None:
    heading.title("Cable", anchor=False)
    if ref:
        st.error(f"No cable {md(ref)} in the working set." + (" Uploaded cables do not travel in links; upload "
                 "the file again in the Library." if not uploaded_count() else ""), icon=":material/search_off:")
    else:
        st.info("Choose a cable above, or pick a row in the Library.", icon=":material/article:")
    st.page_link("pages/library.py", label="Back to the Library", icon=":material/arrow_back:")
    st.stop()

with top2:
    share_link("cable", uploaded_note=bool(uploaded_count()))
with top3:
    st.download_button("Cable JSON", data=lambda: cable.model_dump_json(indent=1), file_name=f"{cable.ref_id or 'cable'}.json",
                       mime="application/json", on_click="ignore", icon=":material/data_object:", key="cable_json")

label = cable_label(cable)
st.html(banner_html(label))

# ---- header card ----------------------------------------------------------------------------------
rows: list[tuple[str, str]] = []
dtg = cable.raw.get("dtg", "")
rows.append(("Date", f"{esc(readable_datetime(cable.created))}"
             + (f' <span class="cg-muted">({esc(dtg)})</span>' if dtg else "")))
origin = cable.origin or "unknown origin"
rows.append(("From", esc(origin) + (f' <span class="cg-muted">({esc(cable.originator)})</span>'
                                     if cable.originator and cable.originator.upper() != origin.upper() else "")))
if cable.precedence:
    rows.append(("Precedence", f"<b>{esc(cable.precedence)}</b> "
                 f'<span class="cg-muted">{esc(precedence_meaning(cable.precedence))}</span>'))
if cable.to:
    rows.append(("To", ", ".join(esc(addressee_text(a)) for a in cable.to)))
if cable.info:
    shown = ", ".join(esc(addressee_text(a)) for a in cable.info[:8])
    more = f' <span class="cg-muted">and {len(cable.info) - 8} more</span>' if len(cable.info) > 8 else ""
    rows.append(("Info", shown + more))
cls_line = cable.raw.get("classification_line", "")
rows.append(("Classification", f"<b>{esc(label)}</b>" + (f' <span class="cg-muted">{esc(cls_line)}</span>' if cls_line else "")))
if cable.caveats:
    rows.append(("Caveats", "".join(chip(cv, cable.caveat_meanings.get(cv, ""))
                                    + (f'<span class="cg-muted">{esc(cable.caveat_meanings.get(cv, ""))}</span><br>'
                                       if cable.caveat_meanings.get(cv) else "<br>") for cv in cable.caveats)))
if cable.classified_by:
    rows.append(("Classified by", esc(classified_by_text(cable))))
    reasons = reasons_text(cable)
    if reasons:
        rows.append(("Reasons", "<br>".join(esc(r) for r in reasons)))
status, sentence = declass_status(cable.declassify_on)
if cable.declassify_on or cable.declassify_rule or cable.executive_order:
    icon = {"passed": "✔", "due": "⏳", "none": ""}[status]
    text = esc(sentence) if cable.declassify_on else esc(cable.declassify_rule or "no date")
    eo = f' <span class="cg-muted">E.O. {esc(cable.executive_order)}</span>' if cable.executive_order else ""
    rows.append(("Declassification", f"{icon} {text}{eo}"))
if cable.tags:
    rows.append(("TAGS", " ".join(chip(t, cable.tag_meanings.get(t, ""), "tag")
                                  + (f'<span class="cg-muted">{esc(cable.tag_meanings.get(t, ""))}</span>&nbsp;&nbsp;'
                                     if cable.tag_meanings.get(t) else "") for t in cable.tags)))
if cable.signed_by:
    rows.append(("Signed", esc(", ".join(cable.signed_by))))
extra = []
if cable.section:
    extra.append(f"section {cable.section.number} of {cable.section.of}")
extra.append(f"{len(cable.paragraphs)} paragraphs")
extra.append(f"source file {cable.source.path.rsplit('/', 1)[-1]}")
rows.append(("Document", esc(" · ".join(extra))))
grid = "".join(f'<div class="k">{k}</div><div class="v">{v}</div>' for k, v in rows)
st.html(f'<div class="cg-card"><div class="cg-ref">{esc(cable.ref_id or "no reference id")}</div>'
        f'<div class="cg-subject">{esc(cable.subject or "(no subject)")}</div>'
        f'<div class="cg-grid" style="margin-top:.6rem">{grid}</div></div>')

if cable.references:
    known = c.known(cable.references)
    st.markdown("**References**")
    cols = st.columns(min(6, len(cable.references)))
    for i, r in enumerate(cable.references):
        with cols[i % len(cols)]:
            if r in known:
                st.page_link("pages/cable.py", label=md(r), icon=":material/link:", query_params={"ref": known[r]})
            else:
                st.html(f'<span class="cg-muted" title="not in the working set">{esc(r)}</span>')

s1, s2 = st.columns(2)
with s1:
    st.markdown("**Author's summary**")
    st.html(f'<div class="cg-summary">{esc(cable.summary) if cable.summary else "<span class=cg-muted>The cable has no summary paragraph.</span>"}</div>')
with s2:
    st.markdown("**Digest**")
    st.html(f'<div class="cg-summary">{esc(cable.digest) if cable.digest else "<span class=cg-muted>No digest yet.</span>"}</div>')

# ---- tabs ---------------------------------------------------------------------------------------
n_warn = len(cable.warnings)
tab_text, tab_names, tab_events, tab_notes = st.tabs([
    f"Text · {len(cable.paragraphs)} ¶", f"People & quotes · {len(cable.entities)}",
    f"Events · {len(cable.events)}", f"Parser notes · {n_warn}"])

with tab_text:
    present = list(dict.fromkeys(p.marking or "unmarked" for p in cable.paragraphs))
    f1, f2, f3 = st.columns([1.4, 1.4, 1], vertical_alignment="bottom")
    with f1:
        only = st.multiselect("Show paragraphs marked", present, key="pmark", bind="query-params",
                              placeholder="all markings", help="; ".join(
                                  f"{m} = {marking_meaning(None if m == 'unmarked' else m)}" for m in present))
    with f2:
        safe = st.selectbox("Release-safe view: hide paragraphs above", LEVELS, key="safe", bind="query-params",
                            help="Hide every paragraph whose marking is above the chosen level; an "
                                 "unmarked paragraph in a classified cable counts as its banner.")
    numbers = [str(p.number) for p in cable.paragraphs if p.number is not None]
    with f3:
        focus_text = st.selectbox("Paragraph", numbers, index=None, key="p", bind="query-params",
                                  placeholder="highlight ¶…")
    focus = int(focus_text) if focus_text else None
    limit = None if safe == "everything" else {"UNCLASSIFIED": 0, "LIMITED OFFICIAL USE": 1, "CONFIDENTIAL": 2,
                                                "SECRET": 3}[safe]
    banner_rank = level_rank(label) or 0
    headings = {h.before: h.text for h in cable.headings}
    blocks, hidden, shown = [], 0, 0
    if focus is not None:
        fp = next((p for p in cable.paragraphs if p.number == focus), None)
        if fp is not None:
            st.html(f'<div class="cg-muted">Opened at paragraph {esc(focus)} (highlighted below).</div>')
    for i, p in enumerate(cable.paragraphs):
        mark_key = p.marking or "unmarked"
        if only and mark_key not in only:
            continue
        rank = marking_level_rank(p.marking)
        effective = rank if rank is not None else banner_rank
        if i in headings:
            blocks.append(f'<div class="cg-heading">{esc(headings[i])}</div>')
        num = f"¶{p.number}" if p.number is not None else "¶—"
        if limit is not None and effective > limit:
            hidden += 1
            blocks.append(f'<div class="cg-redacted">{esc(num)} withheld in the release-safe view '
                          f'({esc(p.marking or "unmarked, counted as " + label)})</div>')
            continue
        shown += 1
        colour = marking_colours(p.marking)[0]
        summary = f'<div class="sum">{esc(p.summary)}</div>' if p.summary else ""
        hit = " hit" if focus is not None and p.number == focus else ""
        blocks.append(
            f'<div class="cg-para{hit}" id="par{esc(p.number)}" style="--cg-c:{colour}"><div class="head">'
            f'<span class="num">{esc(num)}</span>{marking_badge_html(p.marking, marking_meaning(p.marking))}'
            f'</div>{summary}<div class="txt">{esc(p.text)}</div></div>')
    if not cable.paragraphs:
        blocks.append('<div class="cg-muted">The parser found no numbered paragraphs in this cable.</div>')
    if limit is not None:
        st.html(f'<div class="cg-muted">Release-safe view: {shown} shown, {hidden} withheld.</div>')
    st.html('<div class="cg-body">' + "".join(blocks) + "</div>")
    if focus is not None and str(focus) in numbers:
        scroll_to(f"par{focus}")
    if cable.comments or cable.notes:
        st.html("".join(f'<div class="cg-summary" style="margin-top:.4rem"><b>Note</b> {esc(n)}</div>'
                        for n in [*cable.notes, *cable.comments][:6]))

with tab_names:
    if cable.entities:
        st.caption("Choose a name to list every cable that mentions it.")
        for kind, title in (("person", "People"), ("organization", "Organisations"), ("place", "Places")):
            ents = sorted((e for e in cable.entities if e.kind == kind), key=lambda e: -len(e.mentions))
            if ents:
                labels = {e.id: e.name + (f" · {e.title}" if e.title else "") + f" ×{len(e.mentions)}" for e in ents}
                st.pills(title, list(labels), format_func=labels.get, key=f"names_{kind}",
                         on_change=filter_library_to, args=(f"names_{kind}",))
        chosen = st.session_state.pop("_to_library", None)
        if chosen:
            st.switch_page("pages/library.py", query_params={"entity": chosen})
    else:
        st.caption("No names extracted for this cable.")
    st.markdown("**Quotes**")
    if cable.quotes:
        st.dataframe(pd.DataFrame([q.model_dump() for q in cable.quotes])[["paragraph", "speaker", "text", "marking"]],
                     hide_index=True, width="stretch", key="quotes",
                     column_config={"paragraph": st.column_config.NumberColumn("¶", width="small"),
                                    "speaker": st.column_config.TextColumn("speaker", width="medium"),
                                    "text": st.column_config.TextColumn("quote", width="large"),
                                    "marking": st.column_config.TextColumn("marking", width="small")})
    else:
        st.caption("No quotations found.")

with tab_events:
    if cable.events:
        ev = pd.DataFrame([{"when": display_date(e), "precision": e.precision, "kind": e.kind, "title": e.title,
                            "who": PARTICIPANT_SEPARATOR.join(e.participants), "paragraphs": ", ".join(map(str, e.paragraphs)),
                            "expression": e.mentions[0].expression if e.mentions else ""} for e in cable.events])
        # the title a width of its own, so that who takes part and the paragraphs stay in view
        st.dataframe(ev, hide_index=True, width="stretch", key="cable_events",
                     column_config={"title": st.column_config.TextColumn("title", width=380),
                                    "who": st.column_config.TextColumn("who", width=220)})
        st.page_link("pages/timeline.py", label="See on the timeline", icon=":material/timeline:",
                     query_params={"refs": ref, "rows": "event"})
    else:
        st.caption("No dated events.")

with tab_notes:
    if cable.warnings:
        st.html("<ul>" + "".join(f"<li>{esc(w)}</li>" for w in cable.warnings) + "</ul>")
    else:
        st.caption("The parser raised no warnings for this cable.")
    if cable.raw:
        st.dataframe(pd.DataFrame(sorted(cable.raw.items()), columns=["field", "as written"]), hide_index=True,
                     width="stretch", key="raw_fields")

st.html(banner_html(label))
