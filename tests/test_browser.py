"""The real app in a real browser, as staff meet it on a plain server.

Starts ``streamlit run app.py`` (with the project's .streamlit/config.toml) on a free
localhost port against the session's sample index and drives it with headless Chromium
(Debian's ``chromium`` and ``chromium-driver``, no emoji font needed) through Selenium:
the language follows the browser and switches both ways, an example question answers
with one card per entry, lock marks and the title icon are real glyphs, the citation
copies whole, a card opens the entry, and there is no Deploy button or developer menu.
Without those binaries the test is skipped locally and fails in CI (``CI`` set), so CI
really runs it. Screenshots go to test-artifacts/; docs/screenshot.png is the README's.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import stop

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
ARTIFACTS = ROOT / "test-artifacts"
README_SHOT = ROOT / "docs" / "screenshot.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
USER, PASSWORD = "mari", "kaseke-2024"
QUESTION = "Millal registreeriti dokument 5-1/54-1?"
CITATION = (
    "5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR: 80+Child Rights Orgs Urge EU leaders Not to "
    "Step Back in Protecting Children Online"
)
RESTRICTED_Q = "When was document 7-5/1401-2 registered?"  # restricted: a cleared user's card
# labels that must all change with the language (sidebar, sign-in, empty chat, input)
LABELS = {
    "et": ["Filtrid", "Kasutajanimi", "Logi sisse", "Mida Viidilt küsida?", "Seotud dokumendid"],
    "en": ["Filters", "User name", "Sign in", "What can I ask Viit?", "Related documents"],
}
PLACEHOLDER = {"et": "Küsi registri kohta", "en": "Ask about the register"}
EXCEPTION = "[data-testid=stException]"
TIMEOUT = 240  # the first question loads the model (10-20 s, more on a busy machine)

pytestmark = pytest.mark.slow


def _require_browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(f"browser test {message}: CI must run it")
        pytest.skip(f"browser test {message}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample_index, tmp_path):
    """The app on a free port, a cleared user in a temporary users file."""
    _require_browser()
    from assistant.users import hash_password

    users = tmp_path / "users.json"
    users.write_text(
        json.dumps({"users": {USER: {"password": hash_password(PASSWORD), "cleared": True}}}),
        encoding="utf-8",
    )
    port = _free_port()
    env = {
        **os.environ, "VIIT_INDEX": str(sample_index), "VIIT_USERS": str(users),
        "HF_HUB_OFFLINE": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }  # fmt: skip
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.fileWatcherType", "none",
             "--server.runOnSave", "false", "--browser.gatherUsageStats", "false",
             "--global.developmentMode", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after 120 s:\n{log.read_text()}")
            time.sleep(0.5)
        yield url, log
    finally:
        stop(proc)


@pytest.fixture
def browser(monkeypatch):
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium-manager must not download anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1400,1100", "--lang=en-US",
    ):  # fmt: skip
        options.add_argument(flag)
    # the browser asks for English first: the app must start in English, not its default
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


# a Material Symbols icon as Streamlit renders it: in Markdown (title, answer text) and as
# an element icon (expander, button)
ICONS = (
    '[role=img][aria-label$=" icon"], [data-testid=stIconMaterial], [data-testid=stExpanderIcon]'
)
GLYPHS = """
const font = '24px "Material Symbols Rounded"';
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const r = e.getBoundingClientRect();
  return {name: e.textContent.trim(), width: r.width, height: r.height,
          family: getComputedStyle(e).fontFamily, loaded: document.fonts.check(font)};
});
"""


def test_browser_languages_examples_cards_glyphs_entry(server, browser):
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, log = server
    driver = browser
    ARTIFACTS.mkdir(exist_ok=True)

    def wait(condition, what: str, timeout: float = TIMEOUT):
        try:
            return WebDriverWait(
                driver, timeout, poll_frequency=0.5,
                ignored_exceptions=(StaleElementReferenceException,),
            ).until(condition)  # fmt: skip
        except TimeoutException:
            driver.save_screenshot(str(ARTIFACTS / "browser-failure.png"))
            errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, EXCEPTION)]
            server_log = log.read_text(errors="replace")[-3000:]
            pytest.fail(f"timed out waiting for {what}; app errors {errors}\n{server_log}")

    def visible(css: str):
        return lambda d: next(
            (e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None
        )

    def button(label: str, contains: bool = False):
        test = f"contains(normalize-space(.), '{label}')" if contains else (
            f"normalize-space(.)='{label}'"
        )  # fmt: skip
        xpath = f"//button[{test}]"
        return lambda d: next(
            (e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed() and e.is_enabled()),
            None,
        )

    def body() -> str:
        return driver.find_element(By.TAG_NAME, "body").text

    def in_language(lang: str):
        def ready(d):
            text = body()
            box = d.find_elements(By.CSS_SELECTOR, "[data-testid=stChatInputTextArea]")
            placeholder = box[0].get_attribute("placeholder") if box else ""
            return all(label in text for label in LABELS[lang]) and placeholder.startswith(
                PLACEHOLDER[lang]
            )

        return ready

    def glyphs(name: str) -> list[dict]:
        found = [g for g in driver.execute_script(GLYPHS, ICONS) if g["name"] == name]
        for g in found:
            # the icon font drew it: one square glyph, not the icon's name spelled out in
            # a fallback font (nor an empty box of no width)
            assert "Material Symbols" in g["family"] and g["loaded"], g
            assert 0 < g["width"] <= 1.3 * g["height"], g
        return found

    # -- first visit: the browser asks for English ------------------------------------------
    driver.get(url)
    wait(in_language("en"), "the app in English (the browser's language)")
    assert not any(label in body() for label in LABELS["et"])
    assert glyphs("bookmarks"), "the title icon"
    # staff see a product: no Deploy button, no developer menu
    assert "Deploy" not in body()
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=stAppDeployButton]")
    menu = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stMainMenuButton]")
    if menu:
        menu[0].click()
        items = wait(visible("[data-testid=stMainMenuList]"), "the main menu").text
        for dev in ("Deploy", "Clear cache", "Developer", "Rerun", "Settings"):
            assert dev not in items, items
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)

    # -- the language switch, both ways -----------------------------------------------------
    wait(button("Eesti"), "the language switch").click()
    wait(in_language("et"), "the app in Estonian")
    assert not any(label in body() for label in LABELS["en"])
    assert "Millal registreeriti dokument " in body()  # the examples follow the language
    driver.save_screenshot(str(ARTIFACTS / "browser-et.png"))
    wait(button("English"), "the language switch").click()
    wait(in_language("en"), "the app in English again")
    assert not any(label in body() for label in LABELS["et"])

    # -- an example, as the public: a cited answer, one card per entry, locks as glyphs ---
    wait(button("Which documents are related to ", contains=True), "the example").click()
    message = wait(
        lambda d: next(
            (m for m in d.find_elements(By.CSS_SELECTOR, "[data-testid=stChatMessage]")
             if "[5-1/54-1]" in m.text and m.find_elements(By.CSS_SELECTOR,
                                                          "[data-testid=stExpander]")),
            None,
        ),
        "the example's cited answer",
    )  # fmt: skip
    assert "related to 5-1/54-1" in message.text.casefold()
    cards = message.find_elements(By.CSS_SELECTOR, "[data-testid=stExpander] summary")
    keys = [c.text.split("]", 1)[1].split(",")[0].strip() for c in cards]
    assert keys and len(keys) == len(set(keys)), keys  # one card per entry
    assert len(glyphs("lock")) >= 2  # the restricted related documents, to the public

    # -- sign in as the cleared user ----------------------------------------------------------
    name = wait(visible('input[aria-label="User name"]'), "the sign-in form")
    name.send_keys(USER)
    wait(visible('input[aria-label="Password"]'), "the password field").send_keys(PASSWORD)
    wait(button("Sign in", contains=True), "the sign-in button").click()
    wait(lambda d: f"Signed in: {USER}" in body(), "the signed-in notice")
    assert "cleared for restricted" in body()

    # a restricted entry cited to the cleared user: its card carries the lock
    box = wait(visible("[data-testid=stChatInputTextArea]"), "the chat input")
    box.send_keys(RESTRICTED_Q)
    box.send_keys(Keys.ENTER)

    def restricted_card(d):
        icon = "[data-testid=stExpanderIcon]"
        return any(
            "7-5/1401-2" in s.text and [i for i in s.find_elements(By.CSS_SELECTOR, icon)
                                        if i.text == "lock"]
            for s in d.find_elements(By.CSS_SELECTOR, "[data-testid=stExpander] summary")
        )  # fmt: skip

    wait(restricted_card, "the restricted entry's card with its lock")
    locks = glyphs("lock")
    assert len(locks) >= 3, locks
    driver.save_screenshot(str(ARTIFACTS / "browser-locks.png"))

    # -- a typed question: the card's citation copies whole, the card opens the entry --------
    box = wait(visible("[data-testid=stChatInputTextArea]"), "the chat input")
    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)

    def last_card(d):
        msgs = d.find_elements(By.CSS_SELECTOR, "[data-testid=stChatMessage]")
        if not msgs or "10.11.2023" not in msgs[-1].text:
            return None
        return next(
            (e for e in msgs[-1].find_elements(By.CSS_SELECTOR, "[data-testid=stExpander]")
             if CITATION in e.text),
            None,
        )  # fmt: skip

    expander = wait(last_card, "the answer's card")
    assert (
        "[5-1/54-1]"
        in driver.find_elements(By.CSS_SELECTOR, "[data-testid=stChatMessage]")[-1].text
    )
    expander.find_element(By.TAG_NAME, "summary").click()
    code = wait(lambda d: next((c for c in expander.find_elements(By.TAG_NAME, "code")
                                if c.is_displayed()), None), "the citation to copy")  # fmt: skip
    assert " ".join(code.text.split()) == CITATION  # whole, not cut to the box
    pre = code.find_element(By.XPATH, "./ancestor::pre")
    assert driver.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", pre)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", expander)
    time.sleep(0.5)
    README_SHOT.parent.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(README_SHOT))
    assert README_SHOT.stat().st_size > 10_000

    wait(button("Open entry", contains=True), "the Open entry button").click()
    mark = wait(visible("mark#cited"), "the entry view with the cited passage")
    assert "10.11.2023" in mark.text
    text = body()
    assert "5-1/54-1" in text and "Back to the chat" in text and "Registration date" in text
    assert not driver.find_elements(By.CSS_SELECTOR, EXCEPTION)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", mark)
    time.sleep(0.5)  # let the scroll settle before the screenshot
    assert driver.save_screenshot(str(ARTIFACTS / "browser.png"))
    assert (ARTIFACTS / "browser.png").stat().st_size > 10_000
