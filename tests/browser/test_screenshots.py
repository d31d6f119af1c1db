"""Screenshots of the home page and a brief at desktop and phone widths, kept in test-artifacts/."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, Served

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", ["home", "brief"])
def test_screenshot(browser: Any, site: Served, view: str, size: str) -> None:
    viewport = SIZES[size]
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    context.route(
        "**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_()
    )
    try:
        page = context.new_page()
        brief = next(rel for rel in site.pages if rel.startswith("briefs/") and rel != "briefs/index.html")
        page.goto(site.url if view == "home" else site.page_url(brief), wait_until="load")
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{view}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
        # Nothing wider than the screen: a phone reader never scrolls the whole page sideways.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{view} is {overflow}px wider than a {size} screen"
    finally:
        context.close()
    width, height = png_size(path.read_bytes())
    assert width == viewport["width"] and height >= viewport["height"]
