"""python -m grassroots: a command imports only its own module; help still lists every command."""

import subprocess
import sys

from grassroots import ROOT
from grassroots.cli import COMMANDS

PROBE = """
import sys
from grassroots import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(name for name, (module, _) in cli.COMMANDS.items() if module in sys.modules))
"""


def _imported(*argv: str) -> tuple[set[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    *shown, last = done.stdout.strip().splitlines() or [""]
    return set(last.split()), "\n".join(shown)


def test_a_command_imports_its_own_module_only():
    imported, shown = _imported("privacy", "--help")
    assert imported == {"privacy"}
    assert "purge" in shown and "erase" in shown  # its own options were configured


def test_help_lists_every_command():
    imported, shown = _imported("--help")
    assert imported == set(COMMANDS)
    assert all(name in shown for name in COMMANDS)


def _run(tmp_path, *argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, "GRASSROOTS_ERROR_LOG": str(tmp_path / "error.log"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "grassroots", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_a_file(tmp_path, monkeypatch, capsys):
    """No traceback on the terminal: the command says what failed and where the details were written."""
    import grassroots.metrics.doc_cli as doc_cli
    from grassroots import cli

    def broken(args):
        import argparse

        bar = cli.progress_bar(argparse.Namespace(quiet=False))
        bar(1, 4, "a quarter")  # the failure comes mid-bar: the message still starts on a line of its own
        raise ZeroDivisionError("division by zero in a metric")

    monkeypatch.setattr(doc_cli, "run", broken)
    monkeypatch.setenv("GRASSROOTS_ERROR_LOG", str(tmp_path / "error.log"))
    assert cli.main(["metrics-doc", "--out", str(tmp_path / "m.md")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "内部错误（ZeroDivisionError: division by zero in a metric）" in err and str(tmp_path / "error.log") in err
    assert "a quarter" in err and "\n内部错误" in err
    logged = (tmp_path / "error.log").read_text(encoding="utf-8")
    assert "python -m grassroots metrics-doc" in logged and "Traceback" in logged and "def broken" not in err


def test_a_file_it_cannot_write_is_named_with_the_reason(tmp_path):
    (tmp_path / "a file").write_text("")
    done = _run(tmp_path, "metrics-doc", "--out", str(tmp_path / "a file" / "m.md"))  # a folder that is a file
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"无法读写 {tmp_path / 'a file'}：" in done.stderr and "操作未完成" in done.stderr
    assert not (tmp_path / "error.log").exists()


def test_options_out_of_range_are_refused_with_what_is_allowed(tmp_path):
    done = _run(tmp_path, "bench", "--scales", "medium,huge")
    assert done.returncode == 2 and "--scales huge: each must be one of small, medium, large" in done.stderr
    done = _run(tmp_path, "bench", "--scales", "small", "--skip", "imprt")
    assert done.returncode == 2 and "--skip imprt" in done.stderr and "after_import" in done.stderr
    done = _run(tmp_path, "serve", "--workers", "0")
    assert done.returncode == 2 and "--workers must be 1 or more" in done.stderr
    missing = tmp_path / "delivery.toml"
    done = _run(tmp_path, "schedule", "--list", "--config", str(missing), "--db", str(tmp_path / "x.duckdb"))
    assert done.returncode == 2 and f"{missing}: no such file" in done.stderr
    assert "Traceback" not in done.stderr + "".join(
        _run(tmp_path, "push", "--report", str(tmp_path), "--to", "x", "--config", str(missing)).stderr
    )
