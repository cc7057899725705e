"""Safe to host: the settings in .streamlit/config.toml, the Dockerfile's command (the app started
exactly as the container starts it answers its health check) and the login settings."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tomllib
import urllib.request
from pathlib import Path

import pytest

from cable_core.limits import LIMITS
from tests.conftest import PROJECT
from tests.streamlit_server import free_port, stop, wait_healthy

CONFIG = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
SECRETS_EXAMPLE = PROJECT / ".streamlit" / "secrets.example.toml"


def test_config_is_safe_for_visitors() -> None:
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == LIMITS.upload_bytes
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_config_values_are_accepted_by_the_installed_streamlit() -> None:
    from streamlit import config

    options = config._config_options_template
    for section, values in CONFIG.items():
        for key, value in values.items():
            assert f"{section}.{key}" in options, f"unknown option {section}.{key}"
    for option in ("client.showErrorDetails", "client.toolbarMode", "server.fileWatcherType"):
        section, key = option.split(".")
        assert f'"{CONFIG[section][key]}"' in options[option].description, option


def dockerfile_cmd() -> list[str]:
    for line in (PROJECT / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD "):
            rest = line[4:].strip()
            return json.loads(rest) if rest.startswith("[") else shlex.split(rest)
    raise AssertionError("the Dockerfile has no CMD")


def test_dockerfile_is_conventional() -> None:
    text = (PROJECT / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "pip install -r requirements.txt" in text and "EXPOSE 8501" in text
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    assert dockerfile_cmd() == ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
    ignored = (PROJECT / ".dockerignore").read_text().split()
    assert ".git" in ignored and ".streamlit/secrets.toml" in ignored


def test_app_started_like_the_container_answers_its_health_check() -> None:
    port = free_port()
    cmd = [part.replace("--server.port=8501", f"--server.port={port}") for part in dockerfile_cmd()]
    cmd = [os.path.join(os.path.dirname(os.sys.executable), cmd[0]) if cmd[0] == "streamlit" else cmd[0], *cmd[1:]]
    if not Path(cmd[0]).exists():
        cmd = [os.sys.executable, "-m", "streamlit", *cmd[1:]]
    proc = subprocess.Popen(cmd, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_healthy(f"http://127.0.0.1:{port}", proc), "the app did not answer its health check"
        # the page itself is served too, and the XSRF cookie is set on it
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status == 200
    finally:
        stop(proc)


def test_login_settings_example_is_read_without_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = tomllib.loads(SECRETS_EXAMPLE.read_text())
    auth = example["auth"]
    for key in ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"):
        assert isinstance(auth.get(key), str) and auth[key], key
    assert auth["redirect_uri"].endswith("/oauth2callback")
    assert isinstance(example["access"]["allowed_emails"], list)

    # Streamlit's own reader and validator of the [auth] section accept it (no provider is
    # contacted; Authlib is only needed when st.login actually runs).
    import streamlit as st
    from streamlit import auth_util, config
    from streamlit.runtime.secrets import secrets_singleton

    assert callable(st.login) and callable(st.logout)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SECRETS_EXAMPLE.read_text())
    config.set_option("secrets.files", [str(secrets)])
    secrets_singleton._secrets = None
    try:
        auth_util.validate_auth_credentials("default")
        assert auth_util.get_validated_redirect_uri() == auth["redirect_uri"]
        assert secrets_singleton["access"]["allowed_emails"] == example["access"]["allowed_emails"]
    finally:
        config.set_option("secrets.files", config._config_options_template["secrets.files"].default_val)
        secrets_singleton._secrets = None
