"""Text from data shown as text: imported names, titles and descriptions never read as markdown or HTML.

Streamlit reads markdown in headings, captions, alerts, labels and help tips: `**x**` turns bold and
`![](http://…)` makes every viewer's browser fetch an image. `md` backslash-escapes every ASCII
punctuation character (CommonMark lets any be escaped, and shows it as itself) and folds line breaks,
so the text shows exactly as written. Plotly reads a few HTML tags in its labels and hover text:
`plain` escapes them. Both take any value (None shows as an empty string)."""

from __future__ import annotations

import html
import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value) -> str:
    """`value` as markdown that shows it literally."""
    if value is None:
        return ""
    return _PUNCTUATION.sub(r"\\\1", _BREAKS.sub(" ", str(value)))


def plain(value) -> str:
    """`value` for a Plotly label or hover text: shown literally, no tag read."""
    if value is None:
        return ""
    return html.escape(str(value), quote=False)


# trace attributes that carry data text into labels, legends and hover boxes
_TRACE_TEXT = ("x", "y", "z", "text", "hovertext", "labels", "parents", "ids", "customdata", "name", "ticktext")


def _plain_all(value):
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain_all(v) for v in value)
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in ("O", "U"):  # numpy arrays of text
        return _plain_all(value.tolist())
    return value


def plain_figure(fig):
    """A Plotly figure with every data text in its traces, annotations and axis labels escaped (the
    figure is changed in place and returned). Code-written hover templates are left as they are."""
    for trace in fig.data:
        for attr in _TRACE_TEXT:
            value = getattr(trace, attr, None) if attr in trace else None
            if value is not None:
                setattr(trace, attr, _plain_all(value))
    for note in fig.layout.annotations or ():
        if note.text:
            note.text = plain(note.text)
    for axis in ("xaxis", "yaxis"):
        ax = getattr(fig.layout, axis, None)
        if ax is not None and ax.ticktext is not None:
            ax.ticktext = _plain_all(ax.ticktext)
    return fig


def unplain(value):
    """What `plain` escaped, back as it was (a chart's clicked point read as the data it shows)."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, dict):
        return {k: unplain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(unplain(v) for v in value)
    return value
