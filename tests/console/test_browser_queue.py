"""A moderator's day in a real browser (Debian's Chromium, headless, Playwright): a queue of 50
mixed comments worked to empty, the model's spam confirmed, an action undone, the history read;
then the same console at 390 px: the first comment above the fold, nothing scrolling sideways,
errors as pages. Screenshots at 1366 and 390 px go to test-artifacts/."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
import uvicorn
from pydantic import SecretStr

from service.app import create_app
from service.demo.cli import fresh_keys
from tests.helpers.live import free_port
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package")
# The keyword scorer makes the mix exact: casino-bonus is spam, idiot abusive (held), and
# cheap-pills a middling spam score (held).
MIX = ([f"Win big with casino-bonus, offer {n}." for n in range(20)]
       + [f"You idiot, point {n} is nonsense." for n in range(20)]
       + [f"cheap-pills here, batch {n}" for n in range(10)])


@dataclass
class Served:
    url: str
    site_key: str
    moderator_key: str

    def submit(self, content: str, n: int) -> int:
        response = httpx2.post(self.url + "/v1/comments", timeout=10, json={
            "post_id": "2023-08-kuzminov-defection", "author_name": f"Reader {n}",
            "author_email": f"reader{n}@example.org", "content": content},
            headers={"Authorization": f"Bearer {self.site_key}"})
        assert response.status_code in (201, 202), response.text
        comment_id: int = response.json()["id"]
        return comment_id


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("queue-day")
    settings = make_settings(tmp, sqlite_url(tmp))
    site_key, moderator_key = fresh_keys(settings)
    app = create_app(settings.model_copy(update={"demo_site_key": SecretStr(site_key)}),
                     scorer=KeywordScorer())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           ws="none", lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, name="queue-day-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(url + "/readyz", timeout=1).status_code == 200:
                break
        except httpx2.TransportError:
            time.sleep(0.05)
    yield Served(url, site_key, moderator_key)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                              headless=True)
        yield launched
        launched.close()


def _page(browser: Browser, width: int, height: int) -> Page:
    opened = browser.new_context(viewport={"width": width, "height": height}).new_page()
    opened.set_default_timeout(8000)
    return opened


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def _sign_in(page: Page, served: Served) -> None:
    page.goto(served.url + "/console")
    page.get_by_label("Moderator key").fill(served.moderator_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{page.url} scrolls sideways by {wide} px"


def test_a_moderator_works_50_comments_to_empty(browser: Browser, served: Served) -> None:
    for n, text in enumerate(MIX):
        served.submit(text, n)
    served.submit("A calm and useful comment.", 99)  # approved at once: not in the queue
    page = _page(browser, 1366, 900)
    _sign_in(page, served)
    expect(page.locator("#status option[selected]")).to_have_text(
        "To review (pending and model spam) (50)")
    expect(page.locator("[data-item]")).to_have_count(50)
    _shot(page, "queue-1366.png")

    # The model's own spam: `s` confirms it (it used to do nothing), and Undo takes it back.
    page.goto(served.url + "/console?status=spam_model")
    first = page.locator("[data-item]").first
    first_id = first.get_attribute("data-item")
    expect(first.get_by_role("button", name="Confirm spam")).to_be_enabled()
    first.focus()
    page.keyboard.press("s")
    expect(page.get_by_role("status")).to_have_text("1 comment marked spam.")
    expect(page.locator(f'[data-item="{first_id}"]')).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_have_text("Undid 1 decision.")
    expect(page.locator(f'[data-item="{first_id}"]')).to_have_count(1)
    page.locator("#select-all").check()
    page.get_by_role("button", name="Spam selected").click()
    expect(page.get_by_role("status")).to_have_text("20 comments marked spam.")

    # The insults, by reason, then the rest, by selection: the queue is empty.
    page.goto(served.url + "/console?reason=model.abuse")
    expect(page.locator("[data-item]")).to_have_count(20)
    page.locator("#select-all").check()
    page.get_by_role("button", name="Abusive selected").click()
    expect(page.get_by_role("status")).to_have_text("20 comments marked abusive.")
    page.goto(served.url + "/console")
    expect(page.locator("[data-item]")).to_have_count(10)
    page.locator("#select-all").check()
    page.get_by_label("Note").fill("pharmacy links, fine here")
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_role("status")).to_contain_text("10 comments marked approved.")
    expect(page.locator("[data-item]")).to_have_count(0)
    expect(page.locator(".items .empty")).to_contain_text("Nothing to review here")
    expect(page.locator("#status option[selected]")).to_have_text(
        "To review (pending and model spam) (0)")
    _shot(page, "queue-empty-1366.png")

    # The history of the comment confirmed, undone and confirmed again.
    page.goto(served.url + f"/console/comments/{first_id}")
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_class("undone")
    expect(rows.nth(0)).to_contain_text("spam → spam")
    expect(rows.nth(1)).to_contain_text("the training label")
    expect(rows.nth(1)).to_contain_text(f"key {served.moderator_key[:10]}…")
    _shot(page, "history-1366.png")
    page.context.close()


def test_the_console_at_390_px(browser: Browser, served: Served) -> None:
    for n in range(3):
        served.submit(f"You idiot, said a phone reader {n}.", 200 + n)
    page = _page(browser, 390, 844)
    _sign_in(page, served)
    expect(page.locator("[data-item]").first.locator(".content")).to_be_in_viewport()
    _no_sideways_scroll(page)
    _shot(page, "queue-390.png")
    first = page.locator("[data-item]").first.get_attribute("data-item")
    page.goto(served.url + f"/console/comments/{first}")
    _no_sideways_scroll(page)
    _shot(page, "comment-390.png")
    for path in ("/console/model", "/console/empty?status=spam", "/console/nowhere"):
        page.goto(served.url + path)
        _no_sideways_scroll(page)
    expect(page.get_by_role("heading", name="Not Found")).to_be_visible()
    _shot(page, "error-390.png")
    page.context.close()
