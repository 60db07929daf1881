"""deploy/: the systemd unit passes `systemd-analyze verify` and is confined; the sample
environment file lists every setting with its default; nginx matches henno's limits."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from henno.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXECUTABLE = "/opt/henno/venv/bin/henno"


def unit_settings() -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (DEPLOY / "henno.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return values


def env_lines() -> dict[str, tuple[bool, str]]:
    """HENNO_* name -> (set, value) for `NAME=value` and `#NAME=value` lines."""
    found = {}
    for line in (DEPLOY / "henno.env").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(#?)(HENNO_[A-Z_]+)=(.*)", line)
        if match:
            found[match[2]] = (match[1] == "", match[3])
    return found


def default_text(name: str) -> str:
    default = Settings.model_fields[name].default
    return "" if default is None else str(default)


def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: run scripts/system-packages (package systemd)"
    # verify insists that ExecStart exists on this machine: point it at a stand-in.
    stand_in = tmp_path / "henno"
    stand_in.write_text("#!/bin/sh\n")
    stand_in.chmod(0o755)
    unit = (DEPLOY / "henno.service").read_text(encoding="utf-8")
    assert unit.count(EXECUTABLE) == 2  # the comment and ExecStart
    (tmp_path / "henno.service").write_text(unit.replace(EXECUTABLE, str(stand_in)))
    result = subprocess.run([analyze, "verify", str(tmp_path / "henno.service")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(("key", "value"), [
    ("User", "henno"),
    ("EnvironmentFile", "/etc/henno/henno.env"),
    ("ExecStart", f"{EXECUTABLE} serve"),
    ("WorkingDirectory", "/var/lib/henno"),
    ("ReadWritePaths", "/var/lib/henno"),
    ("ProtectSystem", "strict"),
    ("ProtectHome", "yes"),
    ("NoNewPrivileges", "yes"),
    ("PrivateTmp", "yes"),
    ("Restart", "on-failure"),
    ("UMask", "0077"),
])
def test_unit_runs_confined_as_its_own_user(key: str, value: str) -> None:
    assert unit_settings()[key] == [value]


def test_env_file_lists_every_setting_with_its_default() -> None:
    lines = env_lines()
    names = {f"HENNO_{name.upper()}": name for name, field in Settings.model_fields.items()
             if not field.exclude}  # the removed tokens are read only to warn about them
    assert sorted(lines) == sorted(names)
    for variable, (is_set, value) in lines.items():
        if not is_set:
            assert value == default_text(names[variable]), variable


def test_env_file_settings_are_valid_and_inside_the_writable_folder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, (is_set, value) in env_lines().items():
        if is_set:
            monkeypatch.setenv(variable, value)
    settings = Settings()
    writable = Path(unit_settings()["ReadWritePaths"][0])
    for folder in (settings.models_dir, settings.state_dir):
        assert folder.is_relative_to(writable)


def nginx_directives() -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (DEPLOY / "nginx.conf").read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].strip().rstrip(";").split(None, 1)
        if len(words) == 2:
            values.setdefault(words[0], []).append(words[1])
    return values


def test_nginx_body_limit_is_the_services() -> None:
    size = nginx_directives()["client_max_body_size"]
    assert size == ["21m"]
    # The service counts the multipart envelope too (service/app.py: + 1 MiB).
    assert int(default_text("max_upload_bytes")) + 2**20 == 21 * 2**20


@pytest.mark.parametrize(("directive", "value"), [
    ("proxy_pass", "http://henno"),
    ("server", f"{default_text('host')}:{default_text('port')}"),
    ("proxy_set_header", "Host $host"),
    ("proxy_set_header", "X-Forwarded-For $proxy_add_x_forwarded_for"),
    ("proxy_set_header", "X-Forwarded-Proto $scheme"),
    ("ssl_protocols", "TLSv1.2 TLSv1.3"),
    ("proxy_request_buffering", "off"),
    ("proxy_max_temp_file_size", "0"),
])
def test_nginx_forwards_to_henno_over_tls(directive: str, value: str) -> None:
    assert value in nginx_directives()[directive]
