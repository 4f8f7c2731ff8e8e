"""Regenerate the sample review packet in docs/: report-sample.html and report-sample.png.

The HTML is what ``coachcli.report_html.report_html`` writes for the hand-made
packet of ``tests/sample_report.py`` (one rep over a quarter, private parts
included); the PNG is a full-page screenshot of it in headless Chromium, 1000
pixels wide. tests/test_report_layout.py fails when the HTML is out of date.

    python scripts/report_screenshot.py

Needs a checkout with the test extra installed (``pip install -e ".[test]"``:
Playwright) and Debian's ``chromium`` (``apt-get install chromium``);
Playwright drives that browser and never downloads one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the sample and the browser live with the tests

from tests.browser import chromium  # noqa: E402
from tests.sample_report import rep_view  # noqa: E402

from coachcli.report_html import report_html  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser

DOCS = ROOT / "docs"
HTML_NAME = "report-sample.html"
PNG_NAME = "report-sample.png"
WIDTH = 1000


def sample_html() -> str:
    """The sample packet as the current code lays it out."""
    return report_html(rep_view())


def write_sample(folder: Path, browser: Browser) -> tuple[Path, Path]:
    """Write the sample's HTML and its screenshot into ``folder``; return both paths."""
    html = folder / HTML_NAME
    html.write_text(sample_html(), encoding="utf-8")
    png = folder / PNG_NAME
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    try:
        page.goto(html.as_uri(), wait_until="load")
        page.screenshot(path=str(png), full_page=True)
    finally:
        page.close()
    return html, png


def main() -> int:
    with chromium() as browser:
        for path in write_sample(DOCS, browser):
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
