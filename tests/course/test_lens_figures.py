"""The hours in the customer notes, recomputed from the scenario figures the module pages print.

Round 2 printed "249 paid hours" and "281 paid hours" for what the modules compute as hours of
handling (contacts × handle time): paid hours would be larger again by occupancy and shrinkage.
The notes now say "handling hours", and each figure is rebuilt here with the staffing engine
(traffic over one hour is hours of work) from the contacts and handle times in the module text.
"""

from __future__ import annotations

from course.model.loader import load_file
from course.model.schema import Module
from course.render.text import normalise
from course.staffing.erlang import traffic_erlangs
from tests.paths import REPO

HOUR = 3600


def _module(module_id: str) -> Module:
    return load_file(REPO / "modules" / f"{module_id}.yml", Module)[0]


def _page(module: Module) -> str:
    return normalise(" ".join([*(s.body for s in module.sections), *(n.text for n in module.customer)]))


def _note(module: Module, start: str) -> str:
    return normalise(next(n.text for n in module.customer if n.text.startswith(start)))


def test_the_bill_redesign_saved_249_handling_hours() -> None:
    module = _module("collaboration")
    assert "6,400 a month with an aht of 6.5 minutes" in _page(module)
    assert "fallen to 4,100 a month: 2,300 fewer" in _page(module)
    hours = traffic_erlangs(6400 - 4100, HOUR, 6.5 * 60)
    assert f"saved about {round(hours)} handling hours a month" in _note(module, "The bill redesign")


def test_the_three_messages_took_281_handling_hours_off_the_rota() -> None:
    module = _module("customer-journeys")
    assert "fallen from 1,400 to 350 contacts a month and stage 4 from 2,000 to 800" in _page(module)
    hours = traffic_erlangs((1400 - 350) + (2000 - 800), HOUR, 7.5 * 60)
    assert f"worth about {round(hours)} handling hours a month off the rota" in _note(module, "An acknowledgement")
