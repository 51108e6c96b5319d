"""Streamlit helpers shared by the pages: cached loader, sidebar, filters, page header."""
