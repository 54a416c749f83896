"""What the site builds keep in the build cache besides pages: compiled templates and theme listings."""
from __future__ import annotations

import os
import time

from jinja2 import Environment, FileSystemLoader

from build_scripts import cache
from build_scripts.site import page_cache


def test_a_compiled_template_a_build_reads_is_kept_when_the_cache_is_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(page_cache, "CACHE_DIR", tmp_path / "cache")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")

    def environment() -> Environment:
        return page_cache.with_cached_template(Environment(loader=FileSystemLoader(str(templates))))

    environment().get_template("page.html")  # compiled, and its code stored
    stored = list((tmp_path / "cache" / "jinja").iterdir())
    assert len(stored) == 1
    os.utime(stored[0], (1, 1))  # not used for a long time
    started = time.time()
    assert environment().get_template("page.html").render(text="稳中求进") == "<p>稳中求进</p>"
    cache.prune(started, folder=tmp_path / "cache", limit=0)  # delete all that this build did not use
    assert stored[0].exists()


def test_an_installed_theme_folder_is_listed_from_the_cache_and_any_other_folder_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    installed = tmp_path / "site-packages" / "theme"
    overrides = tmp_path / "overrides"
    for folder, name in ((installed, "assets/app.js"), (overrides, "main.html")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    searchpath = [str(overrides), str(installed)]
    first = page_cache._listed(searchpath, False)
    assert first == FileSystemLoader(searchpath).list_templates() == ["assets/app.js", "main.html"]

    (installed / "assets" / "new.js").write_text("x", encoding="utf-8")  # an installed package does not change
    (overrides / "partials").mkdir()
    (overrides / "partials" / "footer.html").write_text("x", encoding="utf-8")
    assert page_cache._listed(searchpath, False) == ["assets/app.js", "main.html", "partials/footer.html"]
