"""The import-order guard: every module imports only from the layers below its own
(docs/decisions.md, "Layers"; the contract is in pyproject.toml, checked by ``lint-imports``)."""

from __future__ import annotations

import copy
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import read_user_options
from importlinter.cli import lint_imports
from importlinter.contracts.layers import LayersContract

configuration.configure()  # import-linter's readers of pyproject.toml (what its CLI sets up)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / "pyproject.toml")


@pytest.fixture(scope="module")
def options():
    return read_user_options(config_filename=CONFIG)


@pytest.fixture(scope="module")
def contract(options) -> LayersContract:
    (data,) = [c for c in options.contracts_options if c["id"] == "layers"]
    return LayersContract(data["name"], options.session_options, data)


@pytest.fixture(scope="module")
def built():
    return grimp.build_graph("gongkai", exclude_type_checking_imports=True, cache_dir=None)


@pytest.fixture
def graph(built):
    return copy.deepcopy(built)  # checking a contract removes its ignored imports from the graph


def test_imports_follow_the_layers():
    assert lint_imports(config_filename=CONFIG, no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("gongkai.lib.deadlines", "gongkai.security.fields"),  # lib below everything
        ("gongkai.accounts.forms", "gongkai.units.models"),  # base below registry
        ("gongkai.accounts.services", "gongkai.audit.services"),  # accounts below audit
        ("gongkai.portal.views", "gongkai.visits.models"),  # hosts never import a domain app
        ("gongkai.interviews.portal", "gongkai.visits.models"),  # the old home-section query
        ("gongkai.visits.services", "gongkai.assessment.services"),  # domain below assessment
        ("gongkai.units.views", "gongkai.core.views"),  # nothing imports the site shell
        ("gongkai.core.views", "gongkai.ops.demo"),  # shell and ops are independent
    ],
)
def test_a_wrong_way_import_breaks_the_contract(contract, graph, importer, imported):
    assert contract.check(copy.deepcopy(graph), verbose=False).kept

    graph.add_import(importer=importer, imported=imported)

    assert not contract.check(graph, verbose=False).kept


def test_migrations_are_exempt(contract, graph):
    graph.add_import(
        importer="gongkai.security.migrations.0001_initial", imported="gongkai.visits.models"
    )

    assert contract.check(graph, verbose=False).kept
