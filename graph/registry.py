"""The entity registry: resolve any name form of an organisation to its id, or say why not."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

from graph import names
from graph.errors import AmbiguousName, UnknownEntity
from graph.model import Organisation


class Registry:
    """An in-memory index of organisations by every key of every name form.

    >>> reg = Registry([Organisation(id="mai", name="Московский авиационный институт", kind="university", short=("МАИ",))])
    >>> reg.resolve("Московским авиационным институтом").id
    'mai'
    """

    def __init__(self, orgs: Iterable[Organisation] = ()) -> None:
        self._by_id: dict[str, Organisation] = {}
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for org in orgs:
            self.add(org)

    def add(self, org: Organisation) -> None:
        """Index an organisation (replacing one with the same id)."""
        self._by_id[org.id] = org
        for key in names.keys(org.forms):
            self._by_key[key].add(org.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def __contains__(self, org_id: object) -> bool:
        return org_id in self._by_id

    def get(self, org_id: str) -> Organisation | None:
        return self._by_id.get(org_id)

    def candidates(self, name: str) -> list[Organisation]:
        """Organisations the name could mean, from the strictest matching key."""
        if name in self._by_id:
            return [self._by_id[name]]
        for key in names.query_keys(name):
            ids = self._by_key.get(key)
            if ids:
                return [self._by_id[i] for i in sorted(ids)]
        return []

    def resolve(self, name: str) -> Organisation:
        """The one organisation a name means.

        Raises:
            UnknownEntity: nothing matches (with close matches as suggestions).
            AmbiguousName: several organisations match.
        """
        found = self.candidates(name)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousName(name, [f"{o.id} ({o.name})" for o in found])
        raise UnknownEntity(name, self.suggest(name))

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Close matches by folded name, for error messages."""
        folded = {names.fold(f): o.id for o in self._by_id.values() for f in o.forms}
        close = difflib.get_close_matches(names.fold(name), list(folded), n=n, cutoff=0.6)
        return list(dict.fromkeys(f"{folded[c]} ({c})" for c in close))
