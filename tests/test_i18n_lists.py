"""Lists and labels in running text follow the language: 甲、乙 and 社区：… in Chinese, "a, b" and "Community: …"
in English (grassroots.i18n.listing, common.labelled)."""

from grassroots import i18n, supervision
from grassroots.report import layout


def test_listing_and_labelled_in_each_language():
    assert i18n.listing(["关上街道", "金马街道"], "zh") == "关上街道、金马街道"
    assert i18n.listing(["a", "b", "c"], "en") == "a, b, c"
    assert i18n.listing([], "en") == ""
    assert i18n.t("common.labelled", "zh", label="社区", value="小街") == "社区：小街"
    assert i18n.t("common.labelled", "en", label="Community", value="Xiaojie") == "Community: Xiaojie"


def test_reasons_and_report_notes_use_the_languages_list():
    assert "、" not in supervision._reason_text(["overdue", "repeat"], "en")
    assert supervision._reason_text(["overdue", "repeat"], "zh").count("、") == 1
    rows = layout.hotspot_table(
        {
            "hotspots": [
                {
                    "unit_name": "U",
                    "category": "c",
                    "keywords": ["噪音", "夜间"],
                    "count": 3,
                    "expected": 1.0,
                    "ratio": 3.0,
                }
            ]
        },
        "en",
    ).rows
    assert rows[0][2] == "噪音, 夜间"


def test_a_groups_records_are_titled_in_the_languages_own_words():
    from grassroots.views.tickets import Words

    def words(lang: str) -> Words:
        return Words(lambda key, **kw: i18n.t(key, lang, **kw), lang)

    assert words("en").group_spec("source", "12345", "12345")["title"] == f"{i18n.t('tickets.dim.source', 'en')}: 12345"
    assert words("zh").group_spec("source", "12345", "12345")["title"] == f"{i18n.t('tickets.dim.source', 'zh')}：12345"
    assert "：" not in words("en").group_spec("street", "", "")["title"]
