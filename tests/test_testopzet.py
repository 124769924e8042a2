"""The test setup itself: `make test` relies on pytest-xdist keeping a group in one process."""

import pytest


@pytest.mark.xdist_group("gedeelde_run")
def test_xdist_houdt_een_groep_in_een_proces(request):
    # Under --dist loadgroup a grouped test's id carries its group: that is how pytest-xdist sends the
    # group to one process, so the shared run and the factsheet batch are made once. pytest 9.2 broke
    # this without a word (pytest-xdist issue 1386); each process then made them again.
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("niet onder pytest -n … --dist loadgroup")
    assert request.node.nodeid.endswith("@gedeelde_run"), (
        "pytest-xdist groepeert de tests niet: gebruik de versies uit uv.lock (make setup)"
    )
