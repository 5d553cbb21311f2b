"""Binder will build what we meant: conda from environment.yml, Python 3.11, then postBuild.

``repo2docker --no-build --no-run --debug`` reads the repository's Binder configuration and
prints the Dockerfile mybinder.org would build, with no Docker and no network. It needs only
a folder, not a git repository, so it runs on a clean copy of the files a clone would hold
(``tests/kit_copy.py``): a developer's ``.venv/`` or ``build/`` must not hide a missing file.
Each run takes well under a second.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from kit_copy import copy_kit
from tool_scripts import load_tool

environment = load_tool("environment")

#: Binder's own user (uid 1000, jovyan) rather than whoever runs the tests.
R2D_ARGS = ["--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan"]
#: What postBuild must run: the kit's package from the checkout, with the pinned environment
#: left exactly as environment.yml made it.
_INSTALLS_THE_KIT = re.compile(
    r"^\s*(?:python3? -m )?pip install (?=.*--no-deps)(?=.*(?:-e|--editable) \.(?:\s|$)).*$",
    re.MULTILINE)


@dataclass(frozen=True)
class BinderPlan:
    """What repo2docker would do: the Dockerfile it prints and the choices it logs."""

    dockerfile: str
    log: str

    def step(self, text: str) -> int:
        """Where ``text`` first appears in the Dockerfile (-1: nowhere), to check order."""
        return self.dockerfile.find(text)


def binder_plan(repo: Path) -> BinderPlan:
    run = subprocess.run([sys.executable, "-m", "repo2docker", *R2D_ARGS, str(repo)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"repo2docker failed:\n{run.stderr[-2000:]}"
    assert "FROM " in run.stdout, f"repo2docker printed no Dockerfile:\n{run.stderr[-2000:]}"
    return BinderPlan(run.stdout, run.stderr)


def _base_python(plan: BinderPlan) -> str | None:
    """The Python of repo2docker's base conda environment, from the lock file it copies in.

    repo2docker escapes the file's path ('.' as -2e, '-' as -2d) in the COPY line.
    """
    found = re.search(r"environment-2epy-2d(\d+)-2e(\d+)-2dlinux", plan.dockerfile)
    return f"{found[1]}.{found[2]}" if found else None


def binder_problems(plan: BinderPlan, repo: Path) -> list[str]:
    """Every way in which Binder's build would differ from the kit's pinned environment."""
    found = []
    env_step = plan.step('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    if env_step == -1 or plan.step("src/environment.yml ${REPO_DIR}/environment.yml") == -1:
        found.append("Binder would not build the conda environment from environment.yml")
    logged = re.search(r"Building conda environment for python=(\S+)", plan.log)
    for python in (logged[1] if logged else None, _base_python(plan)):
        if python != environment.PYTHON:
            found.append(f"Binder would use Python {python}, not the kit's {environment.PYTHON}")
    if re.search(r"pip install --no-cache-dir \.\s*$", plan.dockerfile, re.MULTILINE):
        found.append("Binder would install the kit with `pip install .`, which resolves "
                     "its dependencies afresh instead of using the pins")
    postbuild_step = plan.step("RUN ./postBuild")
    copy_step = plan.step("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    if postbuild_step == -1:
        found.append("Binder would not run postBuild")
    elif not copy_step < postbuild_step or not env_step < postbuild_step:
        found.append("postBuild would run before the environment and the kit are in place")
    postbuild = repo / "postBuild"
    script = postbuild.read_text(encoding="utf-8") if postbuild.is_file() else ""
    if not _INSTALLS_THE_KIT.search(script):
        found.append("postBuild does not install the kit's package with "
                     "`pip install --no-deps -e .`")
    # The file Binder installs from must list exactly the pip route's pinned packages.
    found += environment.problems(repo)
    return found


@pytest.fixture(scope="module")
def clean_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_kit(tmp_path_factory.mktemp("binder") / "tiktok-refugees")


@pytest.fixture
def kit_to_break(clean_kit: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(clean_kit, tmp_path / "kit"))


def test_binder_builds_the_pinned_conda_environment_then_runs_post_build(clean_kit: Path) -> None:
    plan = binder_plan(clean_kit)
    assert binder_problems(plan, clean_kit) == []
    assert "mamba" in plan.dockerfile  # the conda buildpack, not the plain Python one


def test_binder_copies_only_what_a_clone_holds(clean_kit: Path) -> None:
    for leftover in (".venv", "build", "geopolitics.egg-info", ".git"):
        assert not (clean_kit / leftover).exists(), f"{leftover} would leak into the check"
    assert (clean_kit / "environment.yml").is_file() and (clean_kit / "postBuild").is_file()


def test_without_environment_yml_binder_falls_back_and_the_check_says_so(
        kit_to_break: Path) -> None:
    (kit_to_break / "environment.yml").unlink()
    problems = binder_problems(binder_plan(kit_to_break), kit_to_break)
    assert "Binder would not build the conda environment from environment.yml" in problems
    assert any(p.startswith("Binder would use Python") for p in problems)
    assert any("pip install .`" in p for p in problems)


def test_a_different_python_in_environment_yml_is_caught(kit_to_break: Path) -> None:
    env = kit_to_break / "environment.yml"
    env.write_text(env.read_text().replace("python=3.11", "python=3.12"))
    problems = binder_problems(binder_plan(kit_to_break), kit_to_break)
    assert "Binder would use Python 3.12, not the kit's 3.11" in problems


def test_a_post_build_that_does_not_install_the_kit_is_caught(kit_to_break: Path) -> None:
    (kit_to_break / "postBuild").write_text("#!/bin/bash\npip install -e .\n")
    problems = binder_problems(binder_plan(kit_to_break), kit_to_break)
    assert problems == ["postBuild does not install the kit's package with "
                        "`pip install --no-deps -e .`"]
    (kit_to_break / "postBuild").unlink()
    problems = binder_problems(binder_plan(kit_to_break), kit_to_break)
    assert "Binder would not run postBuild" in problems


def test_a_package_pinned_differently_from_the_lock_is_caught(kit_to_break: Path) -> None:
    env = kit_to_break / "environment.yml"
    env.write_text(env.read_text().replace("altair==6.3.0", "altair==6.2.0"))
    problems = binder_problems(binder_plan(kit_to_break), kit_to_break)
    assert "environment.yml is not what `make environment` writes" in problems
