"""The container: the Dockerfile and docker-compose.yml linted here; the image built where an engine runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last_from:]


def test_dockerfile_follows_the_usual_rules() -> None:
    steps = instructions()
    for op, args in steps:
        if op == "FROM":
            image = args.split()[0]
            assert ":" in image and not image.endswith(":latest"), f"pin the base image: {image}"
        assert op != "ADD", "COPY, not ADD (no remote fetches, no implicit unpacking)"
        if op == "RUN" and "pip install" in args:
            assert "--no-cache-dir" in args, "keep pip's cache out of the image"
        if op == "COPY" and "--from" not in args:
            for source in args.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
    final = final_stage()
    ops = [op for op, _ in final]
    users = [args for op, args in final if op == "USER"]
    assert users and users[-1] not in ("root", "0"), "the final stage runs as a non-root user"
    assert ops.index("USER") < ops.index("CMD")
    assert "HEALTHCHECK" in ops and "EXPOSE" in ops
    cmd = next(args for op, args in final if op == "CMD")
    assert cmd.startswith("["), "exec form, so signals reach circles serve"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".git", ".venv", "*.db"} <= set(ignored), "never bake secrets or local databases in"


def test_dockerfile_passes_hadolint_where_installed() -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed here; the rules above are checked instead")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_compose_migrates_once_then_serves_on_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "migrate", "bot"}
    assert services["migrate"]["command"] == ["circles", "migrate"]
    assert services["bot"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "--no-migrate" in services["bot"]["command"]  # replicas don't each migrate
    for name in ("migrate", "bot"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert services["db"]["volumes"] and "healthcheck" in services["db"]


def docker_engine() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    probe = subprocess.run([docker, "info"], capture_output=True, text=True, check=False, timeout=30)
    return docker if probe.returncode == 0 else None


@pytest.mark.skipif(docker_engine() is None, reason="no Docker engine here (`docker info` fails): image not built")
def test_the_image_builds_and_runs_as_a_non_root_user() -> None:
    docker = docker_engine()
    assert docker is not None
    subprocess.run([docker, "build", "-t", "circles:test", str(ROOT)], check=True, timeout=900)
    uid = subprocess.run(
        [docker, "run", "--rm", "circles:test", "id", "-u"], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()
    assert uid == "10001"
    migrated = subprocess.run(
        [docker, "run", "--rm", "circles:test", "circles", "migrate"], capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
