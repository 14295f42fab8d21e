"""The sign-in page's head start on the overview's browser code (grassroots.ui.preload)."""

import json

import pytest

from grassroots.ui import preload
from tests.conftest import new_app


@pytest.fixture
def fresh_files():
    preload.files.cache_clear()
    yield
    preload.files.cache_clear()


def test_every_chunk_resolves_in_the_installed_streamlit(fresh_files):
    files = preload.files()
    assert len(files) == len(preload.CHUNKS)  # a Streamlit upgrade that renames a chunk fails here
    folder = preload.manifest_path().parent / "static" / "js"
    for name, file in zip(preload.CHUNKS, files):
        assert file.startswith(name + ".") and file.endswith(".js")
        assert (folder / file).is_file()
    assert files[-1].startswith("PlotlyChart.")  # the largest last


def test_the_script_names_those_files_once_per_tab(fresh_files):
    text = preload.script()
    assert text.startswith("<script>") and text.endswith("</script>")
    listed = json.loads(text.split("const files = ", 1)[1].split(";", 1)[0])
    assert listed == list(preload.files())
    assert "window.__grassrootsPreload" in text


def test_without_a_manifest_nothing_is_preloaded(fresh_files, monkeypatch, tmp_path):
    monkeypatch.setattr(preload, "manifest_path", lambda: tmp_path / "manifest.json")
    assert preload.files() == ()
    assert preload.script() == ""
    (tmp_path / "manifest.json").write_text(json.dumps({"x": {"name": "Metric", "file": "static/js/Metric.A.js"}}))
    preload.files.cache_clear()
    assert preload.files() == ("Metric.A.js",)


def test_the_sign_in_page_carries_the_script_and_a_signed_in_page_does_not(tiny_db, monkeypatch):
    from signin import as_role, run_entry

    at = new_app(tiny_db, monkeypatch)
    at.run()
    assert [t.value for t in at.title] == ["登录"]
    bodies = [h.proto.body for h in at.get("html")]
    assert [b for b in bodies if preload.script() in b]
    as_role(at, "leader")
    run_entry(at)
    assert not [t for t in at.title if t.value == "登录"]
    assert not [h for h in at.get("html") if "__grassrootsPreload" in h.proto.body]


def test_a_file_name_that_could_end_the_script_is_left_out(fresh_files, monkeypatch, tmp_path):
    monkeypatch.setattr(preload, "manifest_path", lambda: tmp_path / "manifest.json")
    hostile = {
        "a": {"name": "Metric", "file": "static/js/</script><script>alert(1)</script>.js"},
        "b": {"name": "Html", "file": 'static/js/x";alert(1);".js'},
        "c": {"name": "Selectbox", "file": "static/js/Selectbox.Ab_9-x.js"},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(hostile))
    assert preload.files() == ("Selectbox.Ab_9-x.js",)
    assert "alert" not in preload.script()
