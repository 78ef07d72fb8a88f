"""Name forms resolve to one organisation: inflection, abbreviations, quotes, ё, Latin."""

from __future__ import annotations

import pytest

from graph.errors import AmbiguousName, UnknownEntity
from graph.registry import Registry
from ingest.curated import registry_from_folder
from tests.conftest import REGISTRY


@pytest.fixture(scope="module")
def registry() -> Registry:
    return registry_from_folder(REGISTRY)


@pytest.mark.parametrize("name, expected", [
    ("Московским авиационным институтом", "mai"),
    ("МАИ", "mai"),
    ("MAI", "mai"),
    ("Moscow Aviation Institute", "mai"),
    ("Московский авиационный институт", "mai"),
    ("НИУ МИЭТ", "miet"),
    ("МИЭТ", "miet"),
    ("МИЭТа", "miet"),
    ("MIET", "miet"),
    ("miet", "miet"),
    ("«ЭЛИНС»", "elins"),
    ("ЭЛИНС", "elins"),
    ("Российским химико-технологическим университетом имени Д.И. Менделеева", "rhtu"),
    ("РХТУ им. Д.И. Менделеева", "rhtu"),
    ("Объединённые кондитеры", "ok_holding"),
    ("объединенные кондитеры", "ok_holding"),
    ("Московского государственного технического университета имени Н.Э. Баумана", "bauman"),
    ("Bauman Moscow State Technical University", "bauman"),
    ("Технополис Москва", "sez_technopolis_moscow"),
])
def test_resolves(registry: Registry, name: str, expected: str) -> None:
    assert registry.resolve(name).id == expected


def test_unknown_name_suggests(registry: Registry) -> None:
    with pytest.raises(UnknownEntity) as err:
        registry.resolve("Московский авиационный инстиут")
    assert any("mai" in s for s in err.value.suggestions)


def test_ambiguity_lists_candidates() -> None:
    from graph.model import Organisation

    reg = Registry([Organisation(id="ngtu_nn", name="Нижегородский государственный технический университет", kind="university", short=("НГТУ",)),
                    Organisation(id="ngtu_nsk", name="Новосибирский государственный технический университет", kind="university", short=("НГТУ",))])
    with pytest.raises(AmbiguousName) as err:
        reg.resolve("НГТУ")
    assert "ngtu_nn" in str(err.value) and "ngtu_nsk" in str(err.value)
