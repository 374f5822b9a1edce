"""Take the README's picture of `gongwen serve`'s page: the example annual plan uploaded into
the form, its PDF preview and findings beside it, in headless chromium.

    PYTHONPATH=src python3 tools/serve_screenshot.py [docs/serve-page.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from _service import Server  # noqa: E402


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "serve-page.png"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                     "--hide-scrollbars"):
        options.add_argument(argument)
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "work", "--workers", "1")
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
        try:
            driver.get(server.url)
            wait = WebDriverWait(driver, 180, poll_frequency=0.3)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#kind option"))
            driver.find_element(By.ID, "upload").send_keys(str(ROOT / "examples" / "annual-plan.yaml"))
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pages img")) > 1)
            driver.execute_script("window.scrollTo(0, 0);")
            driver.save_screenshot(str(target))
        finally:
            driver.quit()
            server.stop()
    print(target)


if __name__ == "__main__":
    main()
