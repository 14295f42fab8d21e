"""Pure metric functions (no database, no streamlit): traffic lights, composites, rankings."""
