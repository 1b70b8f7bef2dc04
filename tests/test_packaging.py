"""What a user gets from ``pip install .``: every import declared, and a plain
install (Python 3.11's bundled pip, not upgraded) that runs the commands.

The plain install once failed on every command: jusText imports
``lxml.html.clean``, a separate project (``lxml_html_clean``) that jusText asks
for through an extra the bundled pip does not resolve.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from newscrawl.demo.site import article_page, load_articles
from tests.netguard import package_install_env

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newscrawl"
#: Extras for tests and development only: the package must not import them.
DEV_EXTRAS = {"test"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra, extra_requirements in project.get("optional-dependencies", {}).items():
        if extra not in DEV_EXTRAS:
            requirements += extra_requirements
    return {_normalise(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def imported_top_level_modules() -> dict[str, str]:
    """Top-level modules the package imports (absolute imports), with a file that does."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_third_party_module_the_package_imports_is_a_declared_dependency():
    distributions = packages_distributions()
    declared = declared_distributions()
    undeclared = []
    for module, where in imported_top_level_modules().items():
        if module in sys.stdlib_module_names or module == "newscrawl":
            continue
        owners = {_normalise(d) for d in distributions.get(module, [])}
        if not owners & declared:
            undeclared.append(f"{module} ({where}; distribution {sorted(owners) or '?'})")
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


@pytest.mark.install
def test_a_plain_pip_install_with_the_bundled_pip_runs_the_commands(tmp_path):
    """``python -m venv v && v/bin/pip install .`` exactly, no pip upgrade
    (pip's cache keeps it to a minute or two)."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".venv-*", ".git", "var", "tests", "bench", "build", "*.egg-info", "__pycache__"))
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(source)],
                             capture_output=True, text=True, check=False,
                             env=package_install_env())
    assert install.returncode == 0, install.stderr[-3000:]

    def newscrawl(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "newscrawl"), *args], cwd=tmp_path,
                              capture_output=True, text=True, check=False, timeout=120)

    version = newscrawl("--version")
    assert version.returncode == 0 and version.stdout.split() == ["newscrawl", "0.1.0"]
    assert newscrawl("--help").returncode == 0
    seed = next(a for a in load_articles() if "trump-putin" in a["slug"])
    page = tmp_path / "seed.html"
    page.write_text(article_page(seed, "https://www.demo-kurier.example"), encoding="utf-8")
    extracted = newscrawl("extract", str(page), "--url",
                          "https://www.demo-kurier.example/politik/2017/05/trump-putin")
    assert extracted.returncode == 0, extracted.stderr[-3000:]
    assert '"agencies": ["APA", "AFP", "dpa", "Reuters"]' in extracted.stdout
    # every module of the package imports (the scrapy-redis ones need the extra)
    import_all = ("import importlib, pkgutil, newscrawl\n"
                  "for m in pkgutil.walk_packages(newscrawl.__path__, 'newscrawl.'):\n"
                  "    if 'distributed' not in m.name: importlib.import_module(m.name)")
    imports = subprocess.run([str(venv / "bin" / "python"), "-c", import_all],
                             cwd=tmp_path, capture_output=True, text=True, check=False)
    assert imports.returncode == 0, imports.stderr[-3000:]
