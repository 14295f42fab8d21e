"""The one exception for a request refused before anything changed."""

from __future__ import annotations

from grassroots import i18n


class Refused(Exception):
    """Something the program will not do, and why: `code` names the reason and `params` fill its
    message. `message(lang)` reads the interface string `code` (grassroots/strings); callers with
    their own wording for a code (the import's per-file reasons, ingest.file.<code>) read `code` and
    `params` themselves."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        Exception.__init__(self, self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return i18n.t(self.code, lang, **self.params)
