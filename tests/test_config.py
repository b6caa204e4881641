"""Settings from STOA_* variables: typed, defaulted, documented, failing fast."""

from pathlib import Path

import pytest

from stoa.config import VARIABLES, ConfigError, parse_duration, read_config


def test_defaults_are_safe():
    config = read_config({})
    assert config.debug is False
    assert config.database_url == ""
    assert config.comment_rate_limit == 15
    assert config.comment_max_links == 2
    assert config.hold_first_guest_comment is True
    assert config.thread_depth == 3
    assert config.guest_edit_window == 15 * 60


@pytest.mark.parametrize(("raw", "seconds"), [("15", 15), ("15s", 15), ("15m", 900), ("72h", 259200), ("30d", 2592000)])
def test_durations_are_human(raw, seconds):
    assert parse_duration(raw) == seconds


@pytest.mark.parametrize(
    ("name", "raw"), [("STOA_DEBUG", "maybe"), ("STOA_COMMENT_RATE_LIMIT", "soon"), ("STOA_THREAD_DEPTH", "-1")]
)
def test_a_bad_value_fails_fast_naming_the_variable(name, raw):
    with pytest.raises(ConfigError, match=name):
        read_config({name: raw})


def test_every_variable_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "configuration.md").read_text()
    missing = [variable.name for variable in VARIABLES if f"`{variable.name}`" not in doc]
    assert missing == []


def test_replace_refuses_unknown_settings():
    with pytest.raises(ConfigError, match="unknown setting"):
        read_config({}).replace(no_such_thing=1)
