"""Cablegate analyst dashboard: the router. Pages live in pages/ and call cable_core.

Run: streamlit run app.py            (bundled sample cables)
     streamlit run app.py -- --store PATH   (an ingested store, see cable_core/store)
"""

from __future__ import annotations

import streamlit as st

from pages._ui import ROUTED, app_pages, open_requested_cable

st.set_page_config(page_title="Cable Reader · US diplomatic cables", page_icon=":material/mail_lock:",
                   layout="wide", initial_sidebar_state="expanded")

page = st.navigation(app_pages(), position="sidebar")
st.session_state[ROUTED] = page.url_path
page.run()
open_requested_cable()
