"""The site's pages reused whole from the build cache when nothing they are made from changed.

Rendering a page (Python-Markdown, then Material's template) is most of an MkDocs build, and after a one-page change
nearly every page comes out the same. A page gets a key from everything its HTML is made from:

- the site as a whole: the code, the config files, the theme (its package version, or the content of its files
  when it is not an installed package), the Markdown and template libraries' versions, the interface language and
  site_url, every file of the site (its address: links between pages are resolved against them) and the nav
  (titles and addresses);
- the page itself: its address, its Markdown after the hooks, its front matter, the HTML blocks kept out of
  Markdown (raw_html.py), and what the hooks add to its HTML (`extra`: a reading page's document and aliases).

A page whose key is in the cache is given an empty body and a template that renders nothing, and the hooks emit
its stored HTML; any other page is rendered and its HTML stored. A page of the nav is cached as any other: the nav
it shows (its own entry active, its neighbours' links) is made from the nav and its own address, both in its key
(rendering the glossary's index alone took 0.2 s of each build). `mkdocs build --dirty` is not used: it skips
pages whose HTML changes because another page did (titles, nav, links).
"""
from __future__ import annotations

import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from build_scripts.cache import CACHE_DIR, cached, code_fingerprint, lookup, store_value, touch

CACHED_TEMPLATE = "duizhao-cached-page.html"  # renders nothing: the hooks put the stored HTML in its place
FROM_CACHE = "duizhao_from_page_cache"  # set on a page whose HTML is reused: it is not rendered (hooks.py)
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "pygments", "babel")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _hash_folder(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"\0{path.relative_to(folder)}\0".encode())
        digest.update(path.read_bytes())


def _installed(folder: Path) -> bool:
    """A folder of an installed package: its package version stands for its files."""
    return any(part in {"site-packages", "dist-packages"} for part in folder.resolve().parts)


def _nav_items(items) -> list:
    """The nav as titles and addresses; None when a nav page's title is only known once it is rendered."""
    out = []
    for item in items:
        if getattr(item, "is_page", False) and "title" not in vars(item):
            return None  # a title from the page's own heading: unknown before rendering, so nothing is reused
        children = _nav_items(item.children) if getattr(item, "children", None) else []
        if children is None:
            return None
        out.append([type(item).__name__, item.title, getattr(item, "url", None), children])
    return out


class PageCache:
    """One MkDocs build's page cache: `site_key` covers what every page shares."""

    def __init__(self, config, files, nav):
        self.enabled = True
        digest = hashlib.sha256(f"page-html\0{code_fingerprint()}\0{sys.version}".encode())
        for package in LIBRARIES:
            digest.update(f"\0{package}={_version(package)}".encode())
        config_dir = Path(config.config_file_path).resolve().parent
        for path in sorted(config_dir.glob("*.yml")):  # mkdocs.yml and the configs that INHERIT it
            digest.update(f"\0{path.name}\0".encode())
            digest.update(path.read_bytes())
        theme = config.theme
        digest.update(f"\0{theme.name}\0{theme.get('language')}\0{config.site_url}\0".encode())
        for folder in theme.dirs:
            folder = Path(folder)
            if not _installed(folder):
                _hash_folder(digest, folder)  # overrides: their content
        nav_items = _nav_items(nav.items)
        if nav_items is None:
            self.enabled = False
        addresses = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
        digest.update(json.dumps([nav_items, addresses], ensure_ascii=False).encode())
        self.site_key = digest.hexdigest()
        self.keys: dict[str, str] = {}  # src_uri → key of a page rendered this build (stored after on_post_page)
        self.hits: dict[str, str] = {}  # src_uri → stored HTML

    def key(self, page, markdown: str, raw_blocks: list[str], extra: str) -> str:
        digest = hashlib.sha256(f"{self.site_key}\0{page.file.src_uri}\0{page.url}\0{extra}\0".encode())
        digest.update(json.dumps(page.meta, ensure_ascii=False, sort_keys=True, default=str).encode())
        digest.update(b"\0markdown\0" + markdown.encode("utf-8"))
        for block in raw_blocks:
            digest.update(b"\0raw\0" + block.encode("utf-8"))
        return digest.hexdigest()

    def reuse(self, page, markdown: str, raw_blocks: list[str], extra: str = "") -> bool:
        """True when the page's HTML is in the cache: the page is then rendered empty with CACHED_TEMPLATE."""
        src_uri = page.file.src_uri
        setattr(page, FROM_CACHE, False)
        if not self.enabled:
            return False
        key = self.key(page, markdown, raw_blocks, extra)
        html = lookup(key)
        if isinstance(html, str):
            self.hits[src_uri] = html
            page.meta["template"] = CACHED_TEMPLATE
            setattr(page, FROM_CACHE, True)
            return True
        self.keys[src_uri] = key
        return False

    def is_hit(self, page) -> bool:
        return getattr(page, FROM_CACHE, False)

    def output(self, page) -> str:
        return self.hits.pop(page.file.src_uri)

    def keep(self, page, output: str) -> None:
        """Store a rendered page's final HTML (after every hook) under its key."""
        key = self.keys.pop(page.file.src_uri, None)
        if key is not None:
            store_value(key, output)


def with_cached_template(env):
    """The Jinja environment with CACHED_TEMPLATE (empty) besides the theme's templates, and the templates'
    compiled code kept in the build cache (Jinja checks each against its source; compiling Material's templates took
    1.3 s of every MkDocs build)."""
    from jinja2 import ChoiceLoader, DictLoader, FileSystemBytecodeCache

    class UsedBytecodeCache(FileSystemBytecodeCache):
        """A compiled template read counts as used: cache.prune deletes first what no build used lately, and
        Jinja reads its files without touching them (every template was compiled again once the cache grew)."""

        def load_bytecode(self, bucket) -> None:
            super().load_bytecode(bucket)
            if bucket.code is not None:
                touch(Path(self._get_cache_filename(bucket)))

    env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), env.loader])
    folder = CACHE_DIR / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = UsedBytecodeCache(str(folder))
    return env


def listing_installed_themes_once(theme) -> None:
    """The theme's Jinja environments list the files of an installed theme folder from the build cache, by the
    theme libraries' versions: MkDocs lists every theme file to find the static ones, and Material's folder holds
    thousands of icons (0.4 s of each build). A folder that is not an installed package (overrides) is listed
    every time."""
    if getattr(theme.get_env, "lists_installed_once", False):
        return
    get_env = theme.get_env

    def get_env_listing_once():
        env = get_env()
        loader = env.loader
        loader.list_templates = lambda: _listed(list(loader.searchpath), loader.followlinks)
        return env

    get_env_listing_once.lists_installed_once = True
    theme.get_env = get_env_listing_once


def _listed(searchpath: list[str], followlinks: bool) -> list[str]:
    """What jinja2.FileSystemLoader(searchpath).list_templates() gives: the union of each folder's listing."""
    from jinja2 import FileSystemLoader

    names: set[str] = set()
    for folder in searchpath:
        def listing(folder=folder) -> list[str]:
            return FileSystemLoader(folder, followlinks=followlinks).list_templates()

        if _installed(Path(folder)):
            versions = "\0".join(f"{package}={_version(package)}" for package in LIBRARIES)
            key = hashlib.sha256(f"theme-listing\0{folder}\0{followlinks}\0{versions}".encode()).hexdigest()
            names.update(cached(key, listing))
        else:
            names.update(listing())
    return sorted(names)
