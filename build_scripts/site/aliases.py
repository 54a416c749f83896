"""Published anchors that moved (anchors.lock) keep landing: an alias target inside the reading page, and a
redirect page where a whole document id has gone (a page that became part of a longer document)."""
from __future__ import annotations

import json
import re
from html import escape


def with_alias_targets(html: str, aliases: dict[str, str]) -> str:
    """Put an empty element with each old anchor's id just before the element that now has the new anchor, so
    the browser's own fragment navigation lands there (also without JavaScript, also from file://)."""
    for old, new in sorted(aliases.items()):
        element = re.search(rf'<(?:p|h[1-6]|div|section)\b[^>]*\bid="{re.escape(new)}"', html)
        if element is None:
            continue
        target = f'<span id="{escape(old)}" class="dz-alias" data-alias-of="{escape(new)}"></span>'
        html = html[:element.start()] + target + html[element.start():]
    return html


def redirect_page(old_id: str, new_id: str, aliases: dict[str, str], title: str) -> str:
    """documents/<old_id>.html: sends a citation of the old address, anchor included, to where it lands now."""
    mapping = json.dumps(aliases, ensure_ascii=False, sort_keys=True)
    target = f"{new_id}.html"
    links = "".join(f'<li><a href="{target}#{escape(aliases.get(a, a))}">#{escape(a)}</a></li>'
                    for a in sorted(aliases))
    return f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<title>{escape(title)}</title>
<script>
(function () {{
  var moved = {mapping};
  // the anchor, then whatever the reading page reads after it (a highlight, for example)
  var m = decodeURIComponent(location.hash.slice(1)).match(/^([A-Za-z0-9-]*)(.*)$/);
  var anchor = (moved[m[1]] || m[1]) + m[2];
  location.replace("{target}" + (anchor ? "#" + anchor : ""));
}})();
</script>
<meta http-equiv="refresh" content="1; url={target}">
</head><body>
<p>本页已并入 <a href="{target}">{escape(title)}</a>。This page is now part of <a href="{target}">{escape(title)}</a>.</p>
<ul>{links}</ul>
</body></html>
"""
