"""French and Arabic: every string translated, the committed .mo files match the .po files."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "config" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(chunks: list[str]) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), "".join(chunks))


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (list), flags."""
    entries, current, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"flags": "", "msgid": [], "msgid_plural": [], "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[(\d)\])?) "(.*)"$', line)
            if match:
                name, index, text = match.groups()
                key = ("msgstr", int(index or 0)) if name.startswith("msgstr") else name
                if isinstance(key, tuple):
                    current["msgstr"].setdefault(key[1], []).append(text)
                else:
                    current[key].append(text)
            else:
                text = re.match(r'^"(.*)"$', line).group(1)
                if isinstance(key, tuple):
                    current["msgstr"][key[1]].append(text)
                else:
                    current[key].append(text)
    result = []
    for entry in entries:
        result.append(
            {
                "flags": entry["flags"],
                "msgid": _unquote(entry["msgid"]),
                "msgid_plural": _unquote(entry["msgid_plural"]),
                "msgstr": [_unquote(entry["msgstr"][i]) for i in sorted(entry["msgstr"])],
            }
        )
    return result


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_is_translated_with_the_same_placeholders(language):
    entries = [e for e in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po") if e["msgid"]]
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        assert all(entry["msgstr"]), f"untranslated: {entry['msgid']!r}"
        expected = sorted(PLACEHOLDER.findall(entry["msgid_plural"] or entry["msgid"]))
        for text in entry["msgstr"]:
            if entry["msgid_plural"]:
                assert set(PLACEHOLDER.findall(text)) <= set(expected), (entry["msgid"], text)
            else:
                assert sorted(PLACEHOLDER.findall(text)) == expected, (entry["msgid"], text)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_committed_mo_matches_the_po(language):
    """Fails when a .po was edited without recompiling (`msgfmt -o django.mo django.po`)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.info().get("language") == language
    for entry in parse_po(folder / "django.po"):
        if not entry["msgid"]:
            continue
        if entry["msgid_plural"]:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) in entry["msgstr"], entry["msgid"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"][0], f"stale .mo for {entry['msgid']!r}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", ["Mes suivis", "Noter un contact", "Vos campagnes"]), ("ar", ["متابعاتي", "تسجيل تواصل", "حملاتك"])],
)
def test_pages_are_served_in_the_chosen_language(client, world, language, expected):
    client.force_login(world.staff)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("home")).content.decode()
    for text in expected:
        assert text in html
