"""The real app in a real browser: sign in, ask, open a citation, see the cited passage.

Starts ``streamlit run app.py`` on a free localhost port against the session's sample
index and drives it with headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
through Selenium. Without those binaries the test is skipped locally and fails in CI
(``CI`` set), so CI really runs it. The last view is saved to test-artifacts/browser.png.
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
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
USER, PASSWORD = "mari", "kaseke-2024"
QUESTION = "Millal registreeriti dokument 5-1/54-1?"
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
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def test_browser_sign_in_ask_open_cited_entry(server, browser):
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

    def button(label: str):
        xpath = f"//button[normalize-space(.)='{label}']"
        return lambda d: next(
            (e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed() and e.is_enabled()),
            None,
        )

    driver.get(url)
    # sign in as the cleared user
    name = wait(visible('input[aria-label="User name"]'), "the sign-in form")
    name.send_keys(USER)
    wait(visible('input[aria-label="Password"]'), "the password field").send_keys(PASSWORD)
    wait(button("Sign in"), "the sign-in button").click()
    wait(
        lambda d: f"Signed in: {USER}" in d.find_element(By.TAG_NAME, "body").text,
        "the signed-in notice",
    )
    assert "cleared for restricted" in driver.find_element(By.TAG_NAME, "body").text

    # ask in the chat input and wait for the cited answer (the model loads now)
    box = wait(visible("[data-testid=stChatInputTextArea]"), "the chat input")
    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)
    expander = wait(
        lambda d: next(
            (e for e in d.find_elements(By.CSS_SELECTOR, "[data-testid=stExpander]")
             if "5-1/54-1" in e.text),
            None,
        ),
        "the answer's citation",
    )  # fmt: skip
    messages = driver.find_elements(By.CSS_SELECTOR, "[data-testid=stChatMessage]")
    assert len(messages) >= 2 and "10.11.2023" in messages[-1].text, [m.text for m in messages]
    assert "[5-1/54-1]" in messages[-1].text

    # expand the citation, then open its entry
    expander.find_element(By.TAG_NAME, "summary").click()
    wait(button("Open entry"), "the Open entry button").click()
    mark = wait(visible("mark#cited"), "the entry view with the cited passage")
    assert "10.11.2023" in mark.text
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "5-1/54-1" in body and "Back to the chat" in body
    assert not driver.find_elements(By.CSS_SELECTOR, EXCEPTION)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", mark)
    time.sleep(0.5)  # let the scroll settle before the screenshot
    assert driver.save_screenshot(str(ARTIFACTS / "browser.png"))
    assert (ARTIFACTS / "browser.png").stat().st_size > 10_000
