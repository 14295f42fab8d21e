"""What a reader sees of an AppTest run, as text, and the internal names that must never be in it.

nodes(at)               every element of the run's tree
visible_text(at)        every label, caption, message, option, table header and cell, metric,
                        tab and expander title, and the words of every chart
internal_names(text)    the snake_case identifiers and query paths found in `text`
"""

from __future__ import annotations

import json
import re

from google.protobuf.json_format import MessageToDict

# proto fields a reader sees (labels, bodies, options, help tooltips, placeholders)
VISIBLE_FIELDS = {
    "label",
    "body",
    "help",
    "placeholder",
    "options",
    "content",
    "caption",
    "text",
    "title",
    "formattedValue",
    "defaultValue",
    "value",
}
# plotly fields with words on the picture or in its hover box
PLOT_FIELDS = {"text", "name", "title", "hovertemplate", "ticktext", "x", "y", "labels", "values_text"}

SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/])")
QUERY_DIRS = (
    "activities",
    "assessment",
    "auth",
    "bench",
    "centre",
    "common",
    "coverage",
    "demo",
    "explorer",
    "ingest",
    "overview",
    "rollups",
    "services",
    "tickets",
    "volunteers",
)
QUERY_PATH = re.compile(r"(?<![\w./-])(?:" + "|".join(QUERY_DIRS) + r")/[a-z][a-z_]*(?![\w.])")
CODE_SPAN = re.compile(r"`[^`]*`")
URL = re.compile(r"https?://\S+|\b[\w.-]+\.(?:csv|xlsx|parquet|pdf|png|toml|duckdb)\b")
PLACEHOLDER = re.compile(r"%\{[^}]*\}|<extra>.*?</extra>")


def _strings(node, keep: set[str], out: list[str], key: str = "") -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _strings(v, keep, out, k)
    elif isinstance(node, list):
        for v in node:
            _strings(v, keep, out, key)
    elif isinstance(node, str) and key in keep:
        out.append(node)


def _plot_strings(spec: dict) -> list[str]:
    out: list[str] = []
    for trace in spec.get("data", []):
        _strings(trace, PLOT_FIELDS, out)
    _strings(spec.get("layout", {}), {"text", "ticktext"}, out)
    return [PLACEHOLDER.sub(" ", s) for s in out]


def nodes(at):
    """Every element of an AppTest run's tree, containers included (depth first)."""
    stack = [at._tree]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
        yield node


def visible_text(at) -> str:
    parts: list[str] = []
    for node in nodes(at):
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            frame = node.value
            parts.append(" | ".join(map(str, frame.columns)))
            parts.append(frame.head(50).to_csv(index=False, header=False))
        elif kind == "plotly_chart":
            parts.extend(_plot_strings(json.loads(node.proto.spec)))
        elif kind == "deck_gl_json_chart":
            continue  # a map: its words are the tooltips of places, checked on the coverage page's tests
        elif getattr(node, "proto", None) is not None:
            _strings(MessageToDict(node.proto), VISIBLE_FIELDS, parts)
    return "\n".join(parts)


def internal_names(text: str) -> list[str]:
    """Snake_case identifiers and query paths (outside `code spans`, links and file names)."""
    plain = URL.sub(" ", CODE_SPAN.sub(" ", text))
    return sorted(set(SNAKE.findall(plain)) | set(QUERY_PATH.findall(plain)))
