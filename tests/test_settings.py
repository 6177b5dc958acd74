from pathlib import Path

import pytest

from souverain.errors import ConfigError
from souverain.settings import default_home, load_settings


def test_defaults_live_in_the_xdg_data_folder(tmp_path: Path) -> None:
    assert default_home() == tmp_path / "xdg" / "souverain"
    assert load_settings().home == (tmp_path / "xdg" / "souverain").resolve()


def test_environment_home_beats_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOUVERAIN_HOME", str(tmp_path / "h"))
    assert load_settings().home == (tmp_path / "h").resolve()


def test_flag_beats_environment_beats_toml_beats_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "souverain.toml").write_text('top_k = 6\nmodel = "from-toml"\nmax_file_mb = 7\n')
    monkeypatch.setenv("SOUVERAIN_MODEL", "from-env")
    monkeypatch.setenv("SOUVERAIN_TOP_K", "5")
    s = load_settings(home, top_k=3)
    assert (s.top_k, s.model, s.max_file_mb, s.backend) == (3, "from-env", 7, "auto")


def test_unknown_toml_key_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "souverain.toml").write_text("modle = 'x'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(tmp_path)


def test_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOUVERAIN_TOP_K", "many")
    with pytest.raises(ConfigError, match="top_k"):
        load_settings(tmp_path)


def test_secrets_are_masked_when_shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOUVERAIN_API_KEY", "sk-very-secret")
    s = load_settings(tmp_path)
    assert s.api_key == "sk-very-secret"
    assert "sk-very-secret" not in repr(s) and s.shown()["api_key"] == "***"


def test_sovereignty_settings_from_toml_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "souverain.toml").write_text(
        'provider = "mistral-eu"\nfallbacks = "local"\noffline = true\n'
        '[providers.mistral-eu]\nmodel = "mistral-small-latest"\n'
    )
    settings = load_settings(tmp_path)
    assert settings.provider == "mistral-eu" and settings.offline is True
    assert settings.providers == {"mistral-eu": {"model": "mistral-small-latest"}}
    monkeypatch.setenv("SOUVERAIN_OFFLINE", "0")
    assert load_settings(tmp_path).offline is False
    monkeypatch.setenv("SOUVERAIN_OFFLINE", "perhaps")
    with pytest.raises(ConfigError, match="not a valid boolean"):
        load_settings(tmp_path)


def test_providers_must_be_tables(tmp_path: Path) -> None:
    (tmp_path / "souverain.toml").write_text('providers = "mistral-eu"\n')
    with pytest.raises(ConfigError, match=r"\[providers.ID\]"):
        load_settings(tmp_path)
