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


def plural_forms(path: Path) -> dict[str, list[str]]:
    """msgid -> every msgstr[n] form, for the plural entries of a .po file."""
    forms: dict[str, list[str]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]
        if not any(line.startswith("msgid_plural ") for line in lines):
            continue
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        forms[fields["msgid"]] = [value for name, value in sorted(fields.items()) if name.startswith("msgstr[")]
    return forms


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
    # gettext() of a plural entry returns the form for n=1, which is not form 0 in every language
    # (Arabic: form 0 is for n=0); any of the entry's forms is the compiled .po then.
    forms = plural_forms(po)
    stale = [msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) not in forms.get(msgid, [msgstr])]
    assert not stale, f"{mo} is older than {po} for: {stale[:10]}"
