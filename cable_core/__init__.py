"""cable_core: parse US diplomatic cables into typed data. No Streamlit in here."""
