"""The house holds where imports cannot show it: a lower package's templates and code never name a higher
package's URL or template (docs/architecture.md). Python imports are checked by lint-imports in `make test`."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Bottom to top; a package may name what belongs to itself or to a package at a lower rank.
RANK = {"core": 0, "cities": 1, "events": 2, "museum": 3, "delegations": 3, "opendata": 4, "harbin_portal": 5}
SIBLINGS_ABOVE = {("delegations", "museum"), ("delegations", "opendata"), ("opendata", "delegations")}
# URL names without a namespace are the site's (home, search, healthz, sitemap); admin: is Django's.
URL_NAME = re.compile(r"""(?:\{%\s*url\s+|reverse(?:_lazy)?\(\s*|redirect\(\s*)["']([\w:-]+)["']""")
TEMPLATE_NAME = re.compile(r"""\{%\s*(?:include|extends)\s+["']([\w/.-]+)["']""")


def owner_of_url(name):
    namespace, _, _rest = name.rpartition(":")
    if namespace == "admin":
        return None
    if not namespace:
        return "harbin_portal"
    return namespace.split(":")[0].removesuffix("_root")


def owner_of_template(name):
    head = name.split("/")[0]
    return head if head in RANK else None


def forbidden(package, owner):
    if owner is None or owner == package or owner not in RANK:
        return False
    return RANK[owner] > RANK[package] or (package, owner) in SIBLINGS_ABOVE


def violations(package, text):
    found = [("url", name) for name in URL_NAME.findall(text) if forbidden(package, owner_of_url(name))]
    found += [("template", name) for name in TEMPLATE_NAME.findall(text) if forbidden(package, owner_of_template(name))]
    return found


def package_files(package):
    for path in (ROOT / package).rglob("*"):
        if (
            path.suffix in (".py", ".html", ".txt", ".xml")
            and "tests" not in path.parts
            and "migrations" not in path.parts
        ):
            yield path


@pytest.mark.parametrize("package", [name for name in RANK if name != "harbin_portal"])
def test_no_package_names_a_url_or_template_of_a_package_above_it(package):
    found = {
        str(path.relative_to(ROOT)): hits
        for path in package_files(package)
        if (hits := violations(package, path.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}


def test_the_check_catches_a_city_template_naming_a_museum_url_and_template():
    text = """{% url 'museum:exhibits' %} {% include "museum/includes/exhibit_card.html" %} {% url 'cities:list' %}"""
    assert violations("cities", text) == [("url", "museum:exhibits"), ("template", "museum/includes/exhibit_card.html")]


def test_the_check_catches_core_naming_a_site_url_and_allows_the_admin():
    assert violations("core", """<a href="{% url 'home' %}">{% url 'admin:index' %}""") == [("url", "home")]


def test_the_check_catches_python_reversing_a_higher_url():
    assert violations("events", 'reverse("museum:exhibits")') == [("url", "museum:exhibits")]
