"""Cablegate analyst dashboard: the router. Pages live in pages/ and call cable_core.

Run: streamlit run app.py            (bundled sample cables)
     streamlit run app.py -- --store PATH   (an ingested store, see cable_core/store)
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Cable Reader · US diplomatic cables", page_icon=":material/mail_lock:",
                   layout="wide", initial_sidebar_state="expanded")

PAGES = [
    st.Page("pages/library.py", title="Library", icon=":material/library_books:", url_path="library", default=True),
    st.Page("pages/cable.py", title="Cable", icon=":material/article:", url_path="cable"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/markings.py", title="Markings", icon=":material/verified_user:", url_path="markings"),
    st.Page("pages/people.py", title="People", icon=":material/groups:", url_path="people"),
]

page = st.navigation(PAGES, position="sidebar")
st.session_state["_page_path"] = page.url_path
page.run()
