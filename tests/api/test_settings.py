"""The API's settings from the environment fail loudly when malformed."""

from __future__ import annotations

import pytest

from tests.config.test_settings_parsing import STRONG_KEY, run_manage


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("API_THROTTLE_RATE", "lots", "API_THROTTLE_RATE 'lots' must look like 1200/minute"),
        ("API_THROTTLE_RATE", "0/minute", "API_THROTTLE_RATE '0/minute'"),
        ("API_MAX_BODY_BYTES", "12", "API_MAX_BODY_BYTES"),
    ],
)
def test_malformed_api_settings_stop_start_up_with_one_line(name, value, message):
    result = run_manage("check", SECRET_KEY=STRONG_KEY, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
