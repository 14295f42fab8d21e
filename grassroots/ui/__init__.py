"""Shared Streamlit widgets: the only part of the engine that imports streamlit."""
