"""A fresh machine: the README's two commands set up everything the tests need, and CI runs exactly them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

from tests.conftest import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"  # what a fresh machine has (PATH may hold wrappers)


def readme_commands() -> list[str]:
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def ci_commands() -> list[str]:
    lines = ROOT.joinpath(".ci/run").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")
            and not line.startswith(("set -", 'cd "$(dirname'))]


def test_ci_runs_exactly_the_readmes_two_commands():
    assert readme_commands() == ["./setup", ".venv/bin/python -m pytest"]
    assert ci_commands() == readme_commands()
    assert os.access(ROOT / "setup", os.X_OK) and os.access(ROOT / ".ci/run", os.X_OK)


def test_setup_installs_the_browser_and_cjk_fonts_it_needs_or_says_the_one_command(tmp_path):
    """Not root, no sudo, no chromium, no CJK font: setup prints the apt command and stops before making .venv."""
    tree = tmp_path / "clone"
    tree.mkdir()
    shutil.copy(ROOT / "setup", tree / "setup")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(SYSTEM_PYTHON)
    for tool in ("grep", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_dir / "fc-list").write_text("#!/bin/sh\nexit 0\n")  # fontconfig without a CJK font
    for stub in ("id", "fc-list"):
        (bin_dir / stub).chmod(0o755)
    run = subprocess.run(["/bin/bash", str(tree / "setup")], cwd=tree, capture_output=True, text=True,
                         env={"PATH": str(bin_dir), "HOME": str(tmp_path)}, stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 2, run
    assert "sudo apt-get install -y chromium fonts-noto-cjk" in run.stderr
    assert not (tree / ".venv").exists()


def test_setup_asks_for_nothing_when_chromium_and_the_fonts_are_there(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(SYSTEM_PYTHON)
    for tool in ("grep", "dirname", "fc-list", "chromium"):
        if shutil.which(tool):
            (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_dir / "id").chmod(0o755)
    tree = tmp_path / "clone"
    tree.mkdir()
    # only the check: stop right after it (a venv and a build are what the README's first command is timed for)
    (tree / "setup").write_text(ROOT.joinpath("setup").read_text().replace("python3 -m venv .venv", "exit 0"))
    run = subprocess.run(["/bin/bash", str(tree / "setup")], cwd=tree, capture_output=True, text=True,
                         env={"PATH": str(bin_dir)}, stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 0, run.stderr  # this machine has both (the browser tests need them)
    assert run.stderr == ""
