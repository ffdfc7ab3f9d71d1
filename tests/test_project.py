"""Meta-tests: every module imports, every setting is documented, the README
and CI agree, the code is lint-clean."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsspider
import pipelines
from newsspider import settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def modules():
    for package in (newsspider, pipelines):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield info.name


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_imports(name):
    importlib.import_module(name)


@pytest.mark.parametrize("name", sorted(n for n in dir(settings) if n.startswith("NEWS_")))
def test_setting_is_documented(name):
    assert f"`{name}`" in README


def test_every_pipeline_in_settings_exists():
    for path in settings.ITEM_PIPELINES:
        module, _, cls = path.rpartition(".")
        assert hasattr(importlib.import_module(module), cls), path


def block(marker: str) -> str:
    m = re.search(rf"<!-- {marker} -->\s*```sh\n(.+?)\n```\s*<!-- /{marker} -->", README, re.S)
    assert m, marker
    return m.group(1).strip()


def test_readme_has_the_two_setup_commands_first():
    main, test = block("main-command"), block("test-command")
    assert main.endswith("scrapy crawl news") and "pip install -e ." in main
    assert "pytest" in test and '".[test]"' in test
    assert README.index("main-command") < README.index("test-command") < README.index("## ")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in ci and "README.md" in ci


def test_code_is_lint_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_the_project_stands_on_its_own():
    """No file cites the design notes or the evaluation folder kept outside
    the repository: docs/architecture.md explains the project."""
    outside = ("DESIGN" + ".md", "../" + "shared")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    cited = [
        f"{name}: {word}"
        for name in files.split()
        if (ROOT / name).is_file() and not name.endswith((".gz", ".png", ".db"))
        for word in outside
        if word in (ROOT / name).read_text(encoding="utf-8", errors="replace")
    ]
    assert cited == []
    assert (ROOT / "docs" / "architecture.md").is_file()


def test_newsspider_imports_no_pipeline_step():
    """The spider, the store and the commands stand without the pipeline
    steps, which only ITEM_PIPELINES names: `pipelines` imports `newsspider`,
    never the other way."""
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in (ROOT / "newsspider").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(from|import)\s+pipelines\b", line)
    ]
    assert found == []
