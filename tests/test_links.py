"""`make links`: Binder and nbgitpuller links that open the right lesson, correctly encoded."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geopolitics.course import links

ROOT = Path(__file__).resolve().parent.parent

KIT = links.Repo("digital-geopolitics-kit", "tiktok-refugees")
START = "notebooks/00_start_here.ipynb"


def test_binder_link_opens_the_start_notebook_in_jupyterlab() -> None:
    assert links.binder_url(KIT, "main", START) == (
        "https://mybinder.org/v2/gh/digital-geopolitics-kit/tiktok-refugees/main"
        "?urlpath=lab/tree/notebooks/00_start_here.ipynb")


def test_badge_is_markdown_image_inside_a_link() -> None:
    url = links.binder_url(KIT, "main", START)
    assert links.binder_badge(url) == f"[![Binder](https://mybinder.org/badge_logo.svg)]({url})"


def test_nbgitpuller_link_has_the_documented_parameters_fully_encoded() -> None:
    url = links.nbgitpuller_url("https://hub.example.edu", KIT, "main", START)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query, strict_parsing=True) == {
        "repo": ["https://github.com/digital-geopolitics-kit/tiktok-refugees"],
        "branch": ["main"],
        # nbgitpuller opens paths relative to the home folder, so the clone's folder leads.
        "urlpath": ["lab/tree/tiktok-refugees/notebooks/00_start_here.ipynb"],
    }
    # Each value is one query parameter: no raw ':' or '/' that a hub could split on.
    assert parts.query == (
        "repo=https%3A%2F%2Fgithub.com%2Fdigital-geopolitics-kit%2Ftiktok-refugees"
        "&branch=main&urlpath=lab%2Ftree%2Ftiktok-refugees%2Fnotebooks%2F00_start_here.ipynb")


def test_a_branch_with_a_slash_stays_one_value() -> None:
    hub = links.nbgitpuller_url("https://hub.example.edu", KIT, "spring/2026", START)
    assert "branch=spring%2F2026&" in hub
    assert parse_qs(urlsplit(hub).query)["branch"] == ["spring/2026"]
    # BinderHub reads everything after owner/name/ as the ref, slashes included.
    binder = links.binder_url(KIT, "spring/2026", START)
    assert urlsplit(binder).path == "/v2/gh/digital-geopolitics-kit/tiktok-refugees/spring/2026"


@pytest.mark.parametrize("text", [
    "digital-geopolitics-kit/tiktok-refugees",
    "https://github.com/digital-geopolitics-kit/tiktok-refugees",
    "https://github.com/digital-geopolitics-kit/tiktok-refugees.git",
    "github.com/digital-geopolitics-kit/tiktok-refugees/",
    "git@github.com:digital-geopolitics-kit/tiktok-refugees.git",
    "  digital-geopolitics-kit/tiktok-refugees\n",
])
def test_repo_is_accepted_as_typed_or_as_copied_from_the_browser(text: str) -> None:
    assert links.parse_repo(text) == KIT


@pytest.mark.parametrize(("text", "says"), [
    ("", "Say which GitHub repository"),
    ("tiktok-refugees", "not a GitHub repository name"),
    ("owner/name/extra", "not a GitHub repository name"),
    ("-owner/name", "not a GitHub repository name"),
    ("owner/..", "not a GitHub repository name"),
    ("owner/na me", "not a GitHub repository name"),
    ("https://gitlab.com/owner/name", "not on GitHub"),
    ("git@gitlab.com:owner/name.git", "not on GitHub"),
])
def test_a_bad_repo_is_refused_with_one_sentence(text: str, says: str) -> None:
    with pytest.raises(links.LinkError, match=says) as caught:
        links.parse_repo(text)
    assert "owner/name" in str(caught.value) or "e.g." in str(caught.value)


@pytest.mark.parametrize(("text", "base"), [
    ("https://hub.example.edu", "https://hub.example.edu"),
    ("https://hub.example.edu/", "https://hub.example.edu"),
    ("https://uni.example/jupyter/", "https://uni.example/jupyter"),
    ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
    ("https://uni.example/jupyter/user/alice/lab/tree/x.ipynb", "https://uni.example/jupyter"),
    ("http://localhost:8000", "http://localhost:8000"),
])
def test_hub_address_is_cut_back_to_the_hub_itself(text: str, base: str) -> None:
    assert links.parse_hub(text) == base


@pytest.mark.parametrize("text", ["hub.example.edu", "hub.example.edu/hub", "ftp://hub.example",
                                  "https://", ""])
def test_hub_without_scheme_or_host_is_refused(text: str) -> None:
    with pytest.raises(links.LinkError, match="needs its scheme and host"):
        links.parse_hub(text)


def test_lesson_number_picks_its_lecture() -> None:
    assert links.lesson_notebook("00") == START
    lecture = links.lesson_notebook("1")
    assert lecture.startswith("notebooks/01_") and (ROOT / lecture).is_file()


def test_unknown_lesson_lists_the_lessons_there_are(tmp_path: Path) -> None:
    (tmp_path / "lessons.toml").write_text("\n".join(
        f'[[lesson]]\nid = "{n}"\nslug = "{slug}"\ntitle = "T"\nquestion = "Q?"\ntables = []\n'
        for n, slug in (("00", "start_here"), ("01", "law"))))
    with pytest.raises(links.LinkError, match=r"no lesson '7'; the kit has lessons 00, 01\."):
        links.lesson_notebook("7", tmp_path)
    with pytest.raises(links.LinkError, match="no lesson 'one'"):
        links.lesson_notebook("one", tmp_path)


@pytest.mark.parametrize("branch", ["a b", "-x", "x..y", "x/", "x.lock", "x?y"])
def test_a_branch_that_is_not_a_branch_name_is_refused(branch: str) -> None:
    with pytest.raises(links.LinkError, match="not a branch name"):
        links.check_branch(branch)


def test_main_prints_every_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert links.main(["--repo", "me/kit", "--hub", "https://hub.example.edu",
                       "--lesson", "00"]) == 0
    out = capsys.readouterr().out
    assert "https://mybinder.org/v2/gh/me/kit/main?urlpath=lab/tree/" + START in out
    assert "[![Binder](https://mybinder.org/badge_logo.svg)]" in out
    assert ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com"
            "%2Fme%2Fkit&branch=main&urlpath=lab%2Ftree%2Fkit%2Fnotebooks") in out
    assert "~/kit" in out


def test_without_hub_only_binder_links_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert links.main(["--repo", "me/kit"]) == 0
    assert "git-pull" not in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["--repo", "me/kit", "--hub", "hub.example.edu"],
                                  ["--repo", "me/kit", "--lesson", "42"]])
def test_bad_input_gives_one_line_and_no_traceback(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert links.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("links: ")


def test_make_links_runs_on_the_standard_library_alone() -> None:
    """links, and the kit modules it reaches, import nothing outside the standard library."""
    package = ROOT / "geopolitics"
    todo, seen, outside = ["geopolitics.course.links"], set(), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")
        path = package.joinpath(*parts[1:]).with_suffix(".py")
        if not path.is_file():
            path = package.joinpath(*parts[1:], "__init__.py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in tree.body if isinstance(node, ast.Import)
                 for alias in node.names}
        names |= {node.module for node in tree.body
                  if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
        for name in names:
            if name.split(".")[0] == "geopolitics":
                todo += [".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 2)]
            elif name.split(".")[0] not in sys.stdlib_module_names and name != "__future__":
                outside.add(name)
    assert not outside, outside


def test_make_links_target_passes_repo_and_hub() -> None:
    ok = subprocess.run(["make", "-s", "links", "REPO=me/kit", "HUB=https://hub.example.edu"],
                        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "mybinder.org/v2/gh/me/kit/main" in ok.stdout and "git-pull?repo=" in ok.stdout
    missing = subprocess.run(["make", "-s", "links"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode != 0
    assert "links: Say which GitHub repository" in missing.stderr
    assert "Traceback" not in missing.stderr
