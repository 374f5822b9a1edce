"""The page of `gongwen serve` in a real headless browser (Debian's chromium and
chromium-driver through Selenium): an annual plan filled in the form, its preview, the
.docx downloaded and read back; the example workbook uploaded and the reports zip
downloaded; a .docx checked."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from _service import Server, soffice_under
from conftest import EXAMPLES, Docx
from gongwen.registry import Registry

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)) and not os.environ.get("CI"):
    pytest.skip("需要 chromium 和 chromium-driver（./run.sh test 会安装）", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    district = tmp_path_factory.mktemp("templates") / "长宁区"
    Registry.default().export("plans/annual-plan", district)
    running = Server(tmp_path_factory.mktemp("page") / "work", "--workers", "1", "--templates", str(district))
    yield running
    running.stop()
    assert soffice_under(running.workdir) == []


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    return tmp_path / "downloads"


def open_browser(url: str, downloads: Path) -> WebDriver:
    downloads.mkdir(exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(DRIVER))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.get(url)
    return driver


@pytest.fixture
def browser(server: Server, downloads: Path) -> Iterator[WebDriver]:
    driver = open_browser(server.url, downloads)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 180) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.3).until(condition)


def field(scope: WebDriver | WebElement, name: str) -> WebElement:
    return scope.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]')


def set_value(driver: WebDriver, element: WebElement, value: str) -> None:
    """Type into a field; a date input gets its value as the browser's date picker sets it."""
    if element.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                              element, value)
    else:
        element.clear()
        element.send_keys(value)


def downloaded(folder: Path, suffix: str, seconds: float = 120) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.3)
    raise AssertionError(f"no {suffix} downloaded: {list(folder.iterdir())}")


def test_fill_an_annual_plan_preview_and_download(browser: WebDriver, downloads: Path) -> None:
    form = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, '#form [data-field="title"] input'))
    assert browser.find_element(By.ID, "kind").get_attribute("value") == "annual-plan"
    set_value(browser, form, "清河区教育督导室2027年教育督导工作计划")
    set_value(browser, field(browser, "issuer").find_element(By.CSS_SELECTOR, "input"), "清河区教育督导室")
    set_value(browser, field(browser, "date").find_element(By.CSS_SELECTOR, "input"), "2027-01-15")
    sections = field(browser, "sections")
    sections.find_element(By.CSS_SELECTOR, ":scope > .list > button.add").click()
    sections.find_element(By.CSS_SELECTOR, ":scope > .list > .add").click()  # a second section
    items = sections.find_elements(By.CSS_SELECTOR, ":scope > .list > div > .item")
    assert len(items) == 2
    for item, (title, text) in zip(items, [("工作目标", "全年完成二十所学校的综合督导评估。"),
                                           ("工作要求", "各责任督学每月到校不少于一次。")], strict=True):
        set_value(browser, field(item, "title").find_element(By.CSS_SELECTOR, "input"), title)
        set_value(browser, field(item, "text").find_element(By.CSS_SELECTOR, "textarea"), text)
    # reorder: the second section moves up, then the form is what the document shows
    items[1].find_element(By.CSS_SELECTOR, "button[title=上移]").click()
    pages = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pages img"))
    assert pages[0].get_attribute("src").startswith("data:image/png;base64,")
    assert pages[0].size["height"] > pages[0].size["width"] > 300  # a portrait A4 page drawn
    wait(browser, lambda d: "共" in d.find_element(By.ID, "status").text)
    findings = browser.find_element(By.ID, "findings").text
    assert "公文：符合" in findings and "PDF版面：符合" in findings
    browser.find_element(By.CSS_SELECTOR, '#downloads [data-format="docx"]').click()
    docx = Docx(downloaded(downloads, ".docx"))
    assert docx.path.name == "清河区教育督导室2027年教育督导工作计划.docx"
    text = docx.body_text()
    assert "清河区教育督导室2027年教育督导工作计划" in text
    assert text.index("一、工作要求") < text.index("二、工作目标")
    assert "全年完成二十所学校的综合督导评估。" in text
    assert "2027年1月15日" in text


def test_the_districts_templates_are_chosen(browser: WebDriver, server: Server) -> None:
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, '#form [data-field="title"] input'))
    options = browser.find_elements(By.CSS_SELECTOR, "#district option")
    assert [o.text for o in options] == ["内置", "长宁区"]
    options[1].click()

    def asked(_: WebDriver) -> bool:
        return any('"path": "/api/v1/previews"' in line and "district=%E9%95%BF%E5%AE%81%E5%8C%BA" in line
                   for line in server.log_lines())
    wait(browser, asked, 60)


def test_a_mistake_is_shown_beside_the_form(browser: WebDriver) -> None:
    form = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, '#form [data-field="title"] input'))
    set_value(browser, form, "只有标题的计划")
    problems = wait(browser, lambda d: d.find_element(By.ID, "problems").text)
    assert "issuer：缺少必填项" in problems and "date：缺少必填项" in problems


def test_upload_the_workbook_and_download_the_reports(browser: WebDriver, downloads: Path) -> None:
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#kind option"))
    browser.find_element(By.ID, "upload").send_keys(str(EXAMPLES / "督导数据.xlsx"))
    assert browser.find_element(By.ID, "batch").is_displayed()  # the workbook goes to the batch tab
    date = browser.find_element(By.ID, "batch-date")
    set_value(browser, date, "2026-11-22")
    browser.find_element(By.ID, "batch-start").click()
    link = wait(browser, lambda d: (e := d.find_element(By.ID, "batch-result")).is_displayed() and e)
    progress = browser.find_element(By.ID, "batch-progress")
    assert progress.get_attribute("value") == progress.get_attribute("max") == "3"
    assert "已生成" in browser.find_element(By.ID, "batch-status").text
    link.click()
    with zipfile.ZipFile(downloaded(downloads, ".zip")) as archive:
        names = archive.namelist()
        reports = [n for n in names if n.startswith("视导报告/") and n.endswith(".docx")]
        assert len(reports) >= 10
        assert any(n.startswith("整改通知/") for n in names)
        assert any(n.endswith("统计表.xlsx") for n in names)
        summary = next(n for n in names if n.startswith("工作总结/") and n.endswith(".docx"))
        target = downloads / "summary.docx"
        target.write_bytes(archive.read(summary))
    assert "督导工作" in Docx(target).body_text()


def test_upload_a_data_file_into_the_form(browser: WebDriver) -> None:
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#kind option"))
    browser.find_element(By.ID, "upload").send_keys(str(EXAMPLES / "notice.yaml"))
    wait(browser, lambda d: d.find_element(By.ID, "kind").get_attribute("value") == "notice")
    title = field(browser, "title").find_element(By.CSS_SELECTOR, "input")
    assert title.get_attribute("value") == "关于开展2026年秋季开学专项督导的通知"
    assert wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pages img"))


def test_upload_a_word_document_into_the_form(browser: WebDriver, server: Server, tmp_path: Path) -> None:
    made = httpx.post(f"{server.url}/api/v1/documents", content=(EXAMPLES / "notice.yaml").read_bytes(),
                      headers={"Content-Type": "application/yaml"}, timeout=120)
    path = tmp_path / "来文.docx"
    path.write_bytes(made.content)
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#kind option"))
    browser.find_element(By.ID, "upload").send_keys(str(path))
    wait(browser, lambda d: d.find_element(By.ID, "kind").get_attribute("value") == "notice")
    assert "数据完整，可直接排版" in browser.find_element(By.ID, "upload-note").text
    title = field(browser, "title").find_element(By.CSS_SELECTOR, "input")
    assert title.get_attribute("value") == "关于开展2026年秋季开学专项督导的通知"
    assert wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pages img"))


def test_check_a_docx(browser: WebDriver, server: Server, tmp_path: Path) -> None:
    made = httpx.post(f"{server.url}/api/v1/documents", content=(EXAMPLES / "notice.yaml").read_bytes(),
                      headers={"Content-Type": "application/yaml"}, timeout=120)
    path = tmp_path / "通知.docx"
    path.write_bytes(made.content)
    browser.find_element(By.CSS_SELECTOR, '[data-tab="check"]').click()
    browser.find_element(By.ID, "check-file").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "#check-form button").click()
    result = wait(browser, lambda d: "公文：" in (t := d.find_element(By.ID, "check-result").text) and t)
    assert "公文：符合" in result


def test_the_page_asks_for_the_token(tmp_path: Path) -> None:
    server = Server(tmp_path / "guarded", GONGWEN_TOKEN="office-token-1")
    driver = open_browser(server.url, tmp_path / "downloads")
    try:
        wait(driver, lambda d: "访问令牌" in d.find_element(By.ID, "status").text, 60)
        assert not driver.find_elements(By.CSS_SELECTOR, '#form [data-field="title"]')
        token = driver.find_element(By.ID, "token")
        token.send_keys("office-token-1")
        driver.find_element(By.TAG_NAME, "h1").click()  # leaving the field saves and reloads
        wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, '#form [data-field="title"] input'), 60)
        assert driver.execute_script("return localStorage.getItem('gongwen-token')") == "office-token-1"
    finally:
        driver.quit()
        server.stop()
