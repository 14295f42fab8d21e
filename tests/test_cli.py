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
