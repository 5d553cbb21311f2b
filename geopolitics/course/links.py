"""Print the links an instructor hands to a class: Binder, its badge, and nbgitpuller.

``make links REPO=owner/name [HUB=https://hub.example.edu] [LESSON=02] [BRANCH=spring-2026]``
runs this with the system's ``python3`` before any environment exists, so it uses the standard
library only (and the kit's own catalogue reader, which does too). A wrong
argument stops it with one sentence saying what to type instead, never a traceback.

* Binder builds the kit from ``environment.yml`` on mybinder.org and opens a lesson.
* nbgitpuller (on a JupyterHub) clones the repository into the student's home folder, under
  the repository's name, or merges new commits into it without overwriting the student's
  edits, and then opens the lesson. ``docs/hub-and-binder.md`` says what the hub needs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from geopolitics import catalogue
from geopolitics.paths import ROOT

BINDER = "https://mybinder.org"
BADGE = "https://mybinder.org/badge_logo.svg"

# GitHub's own rules: an owner is 1-39 letters, digits or single hyphens; a repository name
# uses letters, digits, '.', '_' and '-'.
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
# A conservative subset of what git allows in a branch name, so links never need guessing.
_BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9._-]+)*")


class LinkError(ValueError):
    """An argument that cannot make a working link; the message says what to give instead."""


@dataclass(frozen=True)
class Repo:
    """A GitHub repository, the only host whose short ``gh/`` links Binder understands."""

    owner: str
    name: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"


def parse_repo(text: str) -> Repo:
    """``owner/name`` or a github.com address (what instructors copy from the browser)."""
    text = text.strip()
    if not text:
        raise LinkError("Say which GitHub repository the class uses, e.g. "
                        "make links REPO=your-name/tiktok-refugees.")
    path = re.sub(r"^(?:https?://|git@)?(?:www\.)?github\.com[/:]", "", text)
    if "://" in path or "@" in path or "." in path.split("/")[0]:
        raise LinkError(f"'{text}' is not on GitHub; give the repository as owner/name, "
                        "e.g. your-name/tiktok-refugees.")
    path = path.removesuffix("/").removesuffix(".git")
    owner, _, name = path.partition("/")
    if not (_OWNER.fullmatch(owner) and _NAME.fullmatch(name) and name not in {".", ".."}):
        raise LinkError(f"'{text}' is not a GitHub repository name; give it as owner/name, "
                        "e.g. your-name/tiktok-refugees.")
    return Repo(owner, name)


def parse_hub(text: str) -> str:
    """The hub's base address, without a trailing slash.

    A pasted browser address (``.../hub/home`` or ``.../user/alice/lab``) is cut back to
    the hub itself, since nbgitpuller's path is added after the base.
    """
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise LinkError(f"The hub address '{text}' needs its scheme and host, "
                        "e.g. https://hub.example.edu.")
    segments = [s for s in parts.path.split("/") if s]
    for i, segment in enumerate(segments):
        if segment in {"hub", "user"}:
            segments = segments[:i]
            break
    base = f"{parts.scheme}://{parts.netloc}"
    return base + "".join(f"/{s}" for s in segments)


def check_branch(text: str) -> str:
    """A branch name that is safe to put in a link as it is."""
    if not _BRANCH.fullmatch(text) or ".." in text or text.endswith((".lock", ".")):
        raise LinkError(f"'{text}' is not a branch name; give one like main or spring-2026.")
    return text


def lesson_notebook(lesson: str, root: Path = ROOT) -> str:
    """The lecture notebook of a lesson, as a path inside the repository."""
    try:
        chosen = catalogue.lesson(lesson, root)
    except catalogue.CatalogueError:
        known = catalogue.ids(root)  # a broken catalogue raises its own one-line error here
        raise LinkError(f"There is no lesson '{lesson}'; the kit has lessons "
                        f"{', '.join(known)}.") from None
    return chosen.lecture.relative_to(root).as_posix()


def binder_url(repo: Repo, branch: str, notebook: str) -> str:
    """Binder builds ``branch`` of the repository and opens ``notebook`` in JupyterLab."""
    return (f"{BINDER}/v2/gh/{repo.owner}/{repo.name}/{quote(branch, safe='/')}"
            f"?urlpath={quote(f'lab/tree/{notebook}', safe='/')}")


def binder_badge(url: str) -> str:
    """The Markdown badge for a README or a course page."""
    return f"[![Binder]({BADGE})]({url})"


def nbgitpuller_url(hub: str, repo: Repo, branch: str, notebook: str) -> str:
    """A hub link that pulls the repository into ``~/<name>`` and then opens ``notebook``.

    The parameters are nbgitpuller's documented ``repo``, ``branch`` and ``urlpath``; the
    urlpath must name the clone's folder, which nbgitpuller takes from the repository name.
    """
    query = urlencode({"repo": repo.url, "branch": branch,
                       "urlpath": f"lab/tree/{repo.name}/{notebook}"},
                      quote_via=quote, safe="")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def render(repo: Repo, branch: str, notebook: str, hub: str | None) -> str:
    binder = binder_url(repo, branch, notebook)
    lines = [
        "Binder (anyone, no account; the first start builds the image and takes minutes):",
        f"  {binder}",
        "Badge for a README or course page:",
        f"  {binder_badge(binder)}",
    ]
    if hub is not None:
        lines += [
            "JupyterHub with nbgitpuller (first click clones, later clicks merge new commits):",
            f"  {nbgitpuller_url(hub, repo, branch, notebook)}",
            f"The kit lands in ~/{repo.name}; the hub must put that folder on Python's path "
            "(docs/hub-and-binder.md).",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", default="", help="GitHub repository as owner/name")
    parser.add_argument("--hub", help="the JupyterHub's address, e.g. https://hub.example.edu")
    parser.add_argument("--branch", default="main", help="branch to open (default: main)")
    parser.add_argument("--lesson", help="lesson number whose lecture opens (default: the "
                        "first lesson in lessons.toml)")
    args = parser.parse_args(argv)
    try:
        repo = parse_repo(args.repo)
        hub = parse_hub(args.hub) if args.hub is not None else None
        lesson = args.lesson if args.lesson is not None else catalogue.ids()[0]
        print(render(repo, check_branch(args.branch), lesson_notebook(lesson), hub))
    except (LinkError, catalogue.CatalogueError) as error:
        print(f"links: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
