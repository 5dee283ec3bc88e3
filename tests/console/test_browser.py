"""The whole flow in a real browser: Debian's Chromium, headless, driven by Playwright, against
the service on a real port. Skipped cleanly where /usr/bin/chromium is not installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.console.conftest import Live

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                              headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(5000)
    yield opened
    context.close()


def shot(page: Page, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    if selector:
        page.locator(selector).screenshot(path=str(ARTIFACTS / name))
    else:
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def leave_reply(page: Page, live: Live, *, comment: str, name: str = "Olena",
                email: str = "olena@example.org", url: str = "") -> None:
    page.goto(live.url + "/demo/")
    page.get_by_label("Comment").fill(comment)
    page.get_by_label("Name").fill(name)
    if email:
        page.get_by_label("Email").fill(email)
    if url:
        page.get_by_label("Website").fill(url)
    page.get_by_role("button", name="Post Comment").click()


def sign_in(page: Page, live: Live) -> None:
    page.goto(live.url + "/console")
    page.get_by_label("Moderator key").fill(live.moderator_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()


def test_a_good_comment_is_published(page: Page, live: Live) -> None:
    text = "Thank you for the careful timeline. I had not known about the two crew members."
    leave_reply(page, live, comment=text, url="https://olena.example.org")
    expect(page).to_have_url(re.compile(r"/demo/#comment-\d+$"))
    published = page.locator(".comment-list .comment-content", has_text=text)
    expect(published).to_be_visible()
    expect(page.get_by_role("link", name="Olena", exact=True)).to_have_attribute(
        "href", "https://olena.example.org")
    shot(page, "demo-published.png")


def test_a_missing_email_is_shown_inline(page: Page, live: Live) -> None:
    leave_reply(page, live, comment="Where did the helicopter land exactly?", email="")
    error = page.locator("#email-error")
    expect(error).to_have_text("Email is required.")
    expect(error).to_be_in_viewport()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Comment")).to_have_value("Where did the helicopter land exactly?")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the field marked below.")
    shot(page, "demo-missing-email.png", "#respond")


def test_an_abusive_comment_is_held_then_approved_in_the_console(page: Page, live: Live) -> None:
    text = "You are a stupid idiot and a moron, nobody wants your opinion."
    leave_reply(page, live, comment=text, name="Troll", email="troll@example.net")
    expect(page.get_by_role("status")).to_contain_text("Your comment is awaiting moderation")
    expect(page.locator("#moderation")).to_be_in_viewport()
    shot(page, "demo-held.png", "#comments")
    expect(page.locator(".comment-list:not(.held-preview)", has_text=text)).to_have_count(0)

    sign_in(page, live)
    item = page.locator("[data-item]", has_text=text)
    expect(item).to_contain_text("t***@example.net")
    expect(item.locator(".reasons")).to_contain_text("abuse score")
    shot(page, "console-queue.png")
    item.focus()
    page.keyboard.press("a")  # the approve shortcut, on the focused comment
    expect(page.get_by_role("status")).to_have_text("1 comment marked approved.")
    expect(page.locator("[data-item]", has_text=text)).to_have_count(0)

    page.goto(live.url + "/demo/")
    expect(page.locator(".comment-list .comment-content", has_text=text)).to_be_visible()


def test_comment_html_never_runs_in_the_console_or_the_blog(page: Page, live: Live) -> None:
    payload = ("You idiot, <img src=x onerror=\"window.pwned=1\"> "
               "<script>window.pwned=2</script> stupid moron")
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    leave_reply(page, live, comment=payload, name="<b onmouseover=alert(1)>Mallory</b>",
                email="mallory@example.com")
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    sign_in(page, live)
    item = page.locator("[data-item]", has_text="window.pwned=2")
    expect(item.locator(".content")).to_contain_text('<img src=x onerror="window.pwned=1">')
    expect(item.locator("h2 .author")).to_have_text("<b onmouseover=alert(1)>Mallory</b>")
    assert page.evaluate("window.pwned") is None
    item.get_by_role("button", name="Approve").click()
    page.goto(live.url + "/demo/")
    expect(page.locator(".comment-content", has_text="window.pwned=2")).to_contain_text("<script>")
    assert page.evaluate("window.pwned") is None
    assert page.locator(".comment-content img, .comment-content script").count() == 0
    assert not dialogs


def test_no_email_anywhere_in_the_demo_page(page: Page, live: Live) -> None:
    leave_reply(page, live, comment="Write to me at reader.one@example.org about the trial.",
                name="Reader", email="reader@example.org")
    html = httpx2.get(live.url + "/demo/").text + page.content()
    assert "Write to me at [email hidden] about the trial." in html
    assert EMAIL.search(html) is None, EMAIL.search(html)


def test_the_model_page(page: Page, live: Live) -> None:
    sign_in(page, live)
    page.get_by_role("link", name="Model").click()
    expect(page.get_by_role("heading", name="Score distributions")).to_be_visible()
    expect(page.locator("svg.histogram")).to_have_count(2)
    shot(page, "console-model.png")


def test_the_model_page_fits_a_phone(browser: Browser, live: Live) -> None:
    """At 390 px the model page (the bundled model's card, when present) keeps its tables inside
    their cards: nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(5000)
    leave_reply(phone, live, comment="You are an idiot and a moron.", name="Phone troll",
                email="phone.troll@example.net")
    mod = {"Authorization": f"Bearer {live.moderator_key}"}
    held = httpx2.get(live.url + "/v1/moderation/queue", headers=mod, timeout=10,
                      params={"status": "review"}).json()["comments"]
    assert held, "the insult was not held"
    decided = httpx2.post(f"{live.url}/v1/moderation/comments/{held[0]['id']}/decision",
                          json={"status": "abusive"}, headers=mod, timeout=10)
    assert decided.status_code == 200  # a label since the version: its table shows
    sign_in(phone, live)
    phone.goto(live.url + "/console/model")
    expect(phone.get_by_role("heading", name="Score distributions")).to_be_visible()
    wide = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"the model page scrolls sideways by {wide} px"
    shot(phone, "console-model-390.png")
    context.close()
