"""The shell of a self-contained HTML page for leaders: the plan report and the performance table.

A page is emailed and opened anywhere, so it needs no network: styles are inline, pictures are
``data:`` URIs, and a Content Security Policy forbids scripts and every outside fetch. Every text
from a scenario, the council's data or a rule file goes through :func:`escape`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["BASE_STYLE", "CSP", "escape", "html_page"]

#: No scripts, nothing fetched: only inline styles and embedded pictures.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

#: What every page shares; a page adds its own rules after these (later rules win).
BASE_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
color:#222;line-height:1.4;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #2e6f9e;padding-bottom:.2rem;
margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left}
th{background:#eef3f7}
.facts{display:flex;flex-wrap:wrap;gap:1rem}.fact{background:#eef3f7;padding:.5rem .8rem;
border-radius:.3rem}.fact b{display:block;font-size:1.05rem}
.muted{color:#666;font-size:.85rem}
"""


def escape(value: object) -> str:
    """Escape any value for HTML text and attributes.

    >>> escape("<script>alert('x')</script>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def html_page(title: str, body: Sequence[str], style: str = "") -> str:
    """A whole page: ``title`` (escaped here), the ``body`` parts (HTML, one a line) and the
    page's own ``style`` rules after :data:`BASE_STYLE`."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{BASE_STYLE}{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
