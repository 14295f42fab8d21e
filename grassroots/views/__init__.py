"""What the pages show, assembled without streamlit: each module takes query results (DataFrames),
the configuration and a `tr` (string key -> text in the reader's language) and returns plain data -
cards (grassroots.cards), tables, drill specs, figures - for grassroots/ui to draw. Unit-tested."""

from grassroots.views import activities, assessment, centre, coverage, services, tickets, volunteers

__all__ = ["activities", "assessment", "centre", "coverage", "services", "tickets", "volunteers"]
