"""Roles, what they may do, and the region scope every account carries.

A scope is a region code prefix (district 6 digits, street 9, community 12; '' for everything) and,
for centre staff, one centre. Whatever a page, a link or a query asks for, `Scope.clamp` narrows the
region and centre to the scope: a request outside it falls back to the scope itself, never beyond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# leader 区领导, org_dept 组织部, analyst, centre_staff, admin; names in grassroots/strings/auth.toml (role.*)
ROLES = ("leader", "org_dept", "analyst", "centre_staff", "admin")
# see config/auth.toml for what each means
CAPABILITIES = ("personal", "console", "import", "admin")
LEVELS = {6: "district", 9: "street", 12: "community"}

_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
_CENTRE = re.compile(r"^[^\s\x00-\x1f]{1,64}$")


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    region: str = ""  # code prefix; '' = every region
    centre_id: str | None = None  # set: this centre only (region is then its community)

    def __post_init__(self):
        if not isinstance(self.region, str) or (self.region and not _CODE.match(self.region)):
            raise ScopeError(f"scope {self.region!r}: a region code has 6, 9 or 12 digits")
        if self.centre_id is not None and not (isinstance(self.centre_id, str) and _CENTRE.match(self.centre_id)):
            raise ScopeError(f"scope centre {self.centre_id!r}: not a centre id")

    @classmethod
    def parse(cls, text: str | None, centre: str | None = None) -> Scope:
        """From the admin page or the command line: '' / a region code / 'centre:<id>'."""
        text = (text or "").strip()
        if text.startswith("centre:"):
            centre, text = text[len("centre:") :].strip(), ""
        return cls(text, (centre or "").strip() or None)

    @property
    def level(self) -> str:
        if self.centre_id:
            return "centre"
        return LEVELS.get(len(self.region), "all")

    def text(self) -> str:
        """The form `parse` reads back."""
        return f"centre:{self.centre_id}" if self.centre_id else self.region

    def allows(self, region: str | None, centre_id: str | None = None) -> bool:
        """True when a filter on `region` (and `centre_id`) stays inside this scope."""
        if not isinstance(region, str) or not region.startswith(self.region):
            return False
        return self.centre_id is None or centre_id == self.centre_id

    def clamp(self, region, centre_id) -> tuple[str, str | None]:
        """The filter narrowed to this scope: a region outside it becomes the scope's own region."""
        if not isinstance(region, str) or not region.startswith(self.region):
            region = self.region
        if self.centre_id:
            centre_id = self.centre_id
        return region, centre_id

    def rows(self, frame, community: str = "community_code", centre: str = "centre_id"):
        """The rows of a DataFrame of places or records that lie inside this scope."""
        keep = frame[community].fillna("").astype(str).str.startswith(self.region)
        if self.centre_id:
            keep &= frame[centre] == self.centre_id
        return frame[keep]

    def within(self, outer: Scope) -> bool:
        """True when everything this scope reaches, `outer` reaches too."""
        if not self.region.startswith(outer.region):
            return False
        return outer.centre_id is None or self.centre_id == outer.centre_id


EVERYTHING = Scope()
