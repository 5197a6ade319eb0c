"""Every shipped catalog is complete, and its committed .mo says what its .po says.

The .mo files are committed because a fresh machine may have no msgfmt; this test
catches a .po edited without recompiling, or a string left untranslated.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGS = sorted(p for p in BASE_DIR.glob("*/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def parse_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr (plural entries keyed by their singular, first form), fuzzy entries skipped."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = None
    fuzzy = False

    def flush():
        nonlocal current, fuzzy
        if "msgid" in current and current["msgid"] and not fuzzy:
            entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))
        current, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


def test_there_are_catalogs_for_french_and_arabic():
    languages = {path.parts[-3] for path in CATALOGS}
    assert {"fr", "ar"} <= languages


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalog_is_complete_and_compiled(po):
    entries = parse_po(po)
    assert entries, f"{po} has no messages"
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run msgfmt -o {mo} {po}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr]
    assert not stale, f"{mo} is older than {po} for: {stale[:10]}"
