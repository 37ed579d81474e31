"""The one shell of the self-contained pages (the plan report and the performance table)."""

from __future__ import annotations

import doctest

from inspection_sim.export import html_page as module
from inspection_sim.export.html_page import BASE_STYLE, CSP, html_page


def test_the_examples_run() -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


def test_a_page_escapes_its_title_forbids_fetches_and_adds_its_own_style_last() -> None:
    page = html_page("<script>x</script>", ["<h1>Hello</h1>", "<p>there</p>"], "h1{color:red}")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "<title>&lt;script&gt;x&lt;/script&gt;</title>" in page
    assert f"<style>{BASE_STYLE}h1{{color:red}}</style>" in page  # later rules win
    assert "<body>\n<h1>Hello</h1>\n<p>there</p>\n</body>\n</html>\n" in page
    assert "<script" not in page
