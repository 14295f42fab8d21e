"""The volunteers page's (志愿服务与党员报到) assembly without streamlit."""

from __future__ import annotations

from grassroots.cards import Spec

# volunteering: volunteers/summary's columns, for the period and its comparison
CARDS = (
    Spec("teams", "vol.teams", "count", "vol.teams_help"),
    Spec("volunteers", "metric.volunteers", "count", "vol.volunteers_help"),
    Spec("hours", "metric.volunteer_hours", "number", "vol.hours_help"),
    Spec("hours_per_volunteer", "vol.hours_per_volunteer", "number", "vol.hours_per_volunteer_help"),
    Spec("sessions", "vol.sessions", "count", "vol.sessions_help"),
    Spec("points_earned", "vol.points_earned", "count", "vol.points_earned_help"),
    Spec("points_redeemed", "vol.points_redeemed", "count", "vol.points_redeemed_help"),
    Spec("outstanding_end", "vol.outstanding", "count", "vol.outstanding_help", higher_is_better=None, compare=False),
)
# party members reporting to communities (党员报到): volunteers/party_summary's columns
PARTY_CARDS = (
    Spec("members", "vol.members", "count", metric="party_members"),
    Spec("new_members", "vol.new_members", "count", metric="new_party_members"),
    Spec("organisations", "vol.organisations", "count", "vol.organisations_help"),
    Spec("communities", "vol.communities", "count", "vol.communities_help"),
)
