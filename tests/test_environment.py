"""The pip route and the conda/Binder route install the same pinned packages."""

from pathlib import Path

from tool_scripts import load_tool

ROOT = Path(__file__).resolve().parent.parent
environment = load_tool("environment")


def test_pip_and_conda_routes_agree() -> None:
    assert environment.problems(ROOT) == []


def test_design_card_packages_are_declared() -> None:
    declared = environment.declared(ROOT)
    for name in ("jupyterlab", "pandas", "altair", "ipywidgets", "nbval"):
        assert name in declared, f"{name} is on the design card but not in pyproject.toml"


def test_drift_is_detected(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "requirements.lock", "environment.yml"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    env = tmp_path / "environment.yml"
    env.write_text(env.read_text().replace("pandas==", "pandas>="))
    assert any("environment.yml" in p for p in environment.problems(tmp_path))
    lock = tmp_path / "requirements.lock"
    lock.write_text(lock.read_text().replace("altair==6.3.0", "altair==6.2.0"))
    assert any("altair" in p for p in environment.problems(tmp_path))
