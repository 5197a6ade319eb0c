"""The committed French and Arabic catalogues of the outreach emails are complete and compiled."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BASE_DIR, service_missing

LOCALE = BASE_DIR / "outreach" / "locale"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_catalogue_is_complete_and_the_committed_mo_is_compiled_from_it(language, tmp_path: Path):
    if shutil.which("msgfmt") is None:
        service_missing("msgfmt (gettext) is not installed")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert not re.search(r'^msgstr(\[\d\])? ""\n\n', text, flags=re.MULTILINE), "an empty translation"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
    assert compiled.read_bytes() == (po.parent / "django.mo").read_bytes(), "run compilemessages and commit the .mo"
