"""The metric catalogue: it loads, is complete in both languages, agrees with the overview's cards,
refuses bad entries with the key named, and docs/metrics.md is what it generates."""

import pytest

from grassroots import i18n
from grassroots.config import ConfigError
from grassroots.metrics import catalogue, kpis
from tests.conftest import new_app
from tests.signin import as_role

GOOD = {
    "group": "tickets",
    "unit": "percent",
    "direction": "higher",
    "name": {"zh": "甲", "en": "A"},
    "formula": {"zh": "甲 ÷ 乙", "en": "a ÷ b"},
    "population": {"zh": "本期上报", "en": "reported in the period"},
}


def test_every_metric_has_both_languages_and_a_help():
    metrics = catalogue.all()
    assert len(metrics) == len({m.key for m in metrics}) >= 40
    for m in metrics:
        for lang in i18n.LANGUAGES:
            assert m.name(lang).strip() and m.formula(lang).strip() and m.population(lang).strip(), m.key
            help_text = m.help(lang)
            assert m.formula(lang) in help_text and m.population(lang) in help_text
        assert m.name("zh") != m.name("en"), m.key


def test_every_overview_kpi_is_in_the_catalogue_under_the_cards_name():
    for k in kpis.KPIS:
        m = catalogue.get(k.key)
        for lang in i18n.LANGUAGES:
            assert m.name(lang) == i18n.t(f"kpi.{k.key}", lang), (k.key, lang)
        assert m.higher_is_better in (k.higher_is_better, None), k.key
        assert (m.unit == "percent") == (k.kind == "rate"), k.key
    assert catalogue.get("pilots_operating").name("zh") == i18n.t("overview.pilots", "zh")


def test_the_brief_metrics_are_covered():
    keys = {m.key for m in catalogue.all()}
    brief = "on_time_rate closure_rate on_time_closure_rate response_rate resolution_rate satisfaction_rate"
    brief += " median_hours_to_close p90_hours_to_close online_share activities_per_1000 pilot_coverage"
    brief += " operating_coverage pilots_operating party_members claim_rate"
    for key in brief.split():
        assert key in keys, key


def test_closures_in_the_window_are_named_apart_from_the_reported_cohort():
    closed, rate = catalogue.get("closed"), catalogue.get("closure_rate")
    assert closed.name("zh") == "期内办结" and "周期内结案" in closed.population("zh")
    for key in ("closure_rate", "on_time_closure_rate", "median_hours_to_close", "on_time_rate"):
        assert "上报" in catalogue.get(key).population("zh") and "reported" in catalogue.get(key).population("en")
    assert closed.name("zh") not in rate.name("zh")


@pytest.mark.parametrize(
    "change, where",
    [
        ({"unit": "furlongs"}, "metric.x.unit"),
        ({"direction": "up"}, "metric.x.direction"),
        ({"name": {"zh": "甲"}}, "metric.x.name.en"),
        ({"population": {"zh": " ", "en": "b"}}, "metric.x.population.zh"),
        ({"colour": "red"}, "metric.x: unknown field"),
    ],
)
def test_bad_entries_are_refused_naming_the_key(change, where):
    with pytest.raises(ConfigError, match=where.replace(".", r"\.")):
        catalogue.parse({"metric": {"x": {**GOOD, **change}}})
    assert catalogue.parse({"metric": {"x": GOOD}})["x"].help("en") == i18n.t(
        "metrics.help_fmt", "en", formula="a ÷ b", population="reported in the period"
    )


def test_docs_metrics_md_is_current():
    on_disk = catalogue.DOC_PATH.read_text(encoding="utf-8")
    assert on_disk == catalogue.markdown(), "docs/metrics.md is out of date: run python -m grassroots metrics-doc"
    for m in catalogue.all():
        assert f"`{m.key}`" in on_disk and m.name("zh") in on_disk


def test_the_page_lists_the_catalogue_for_every_role(tiny_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(tiny_db))
    for role, centre in (("leader", None), ("analyst", None), ("centre_staff", "C1")):
        at = new_app()
        as_role(at, role, centre=centre)
        at.switch_page("pages/metrics.py")
        at.run()
        assert not at.exception and not at.error, role
        (table,) = [d.value.reset_index() for d in at.table]
        assert len(table) == len(catalogue.all())
        assert "期内办结" in set(table["指标"]) and "试点覆盖率" in set(table["指标"])
        assert not table.apply(lambda c: c.astype(str).str.contains(r"\b[a-z]+_[a-z_]+\b")).any().any()
    at.session_state["lang"] = "en"
    at.session_state["metrics_group"] = "coverage"
    at.run()
    (table,) = [d.value.reset_index() for d in at.table]
    assert set(table["Metric"]) >= {"Pilot coverage", "Operating-centre coverage"}
    assert set(table["Area"]) == {"Coverage"}


def test_every_role_may_open_the_page(tiny_db, monkeypatch):
    from grassroots import auth
    from grassroots.auth.roles import ROLES

    monkeypatch.setenv("GRASSROOTS_DB", str(tiny_db))
    settings = auth.settings()
    assert "metrics" not in settings.pages  # no capability needed
    for role in ROLES:
        at = new_app()
        user = as_role(at, role, centre="C1" if role == "centre_staff" else None)
        assert auth.may_open(user, "metrics", settings), role


def test_cards_outside_the_overview_carry_the_catalogues_names():
    pairs = {
        "party_members": "vol.members",
        "new_party_members": "vol.new_members",
        "pilot_coverage": "coverage.kpi.pilot_share",
        "operating_coverage": "coverage.kpi.centre_share",
        "operating_centres": "coverage.kpi.centres",
        "closure_rate": "tickets.m.closure_rate",
        "on_time_closure_rate": "tickets.m.on_time_closure_rate",
        "p90_hours_to_close": "tickets.m.p90",
        "response_rate": "tickets.m.response_rate",
        "escalated_share": "tickets.m.escalated_share",
        "sla_due_share": "tickets.m.sla_due_share",
    }
    for key, string in pairs.items():
        for lang in i18n.LANGUAGES:
            assert catalogue.get(key).name(lang) == i18n.t(string, lang), (key, lang)
