"""The explorable page in a real browser: headless Debian Chromium loads it from disk (file://,
no server, no network), the test moves the sliders and reads back what the page displays.

Skipped, with the reason, only where Chromium / chromedriver / Selenium are missing
(``make test`` installs Debian's ``chromium`` and ``chromium-driver`` where it runs as root,
``tools/setup-chromium.sh``). Screenshots go to ``$BAYESREG_SCREENSHOTS`` when set, else to
pytest's temporary folder.

Oracles: the zero counts the page shows are compared with scikit-learn's ``Lasso`` /
``ElasticNet`` fitted in the test (tol 1e-12: exact zeros are exact in both), and the MAP
markers the page draws with the Python arrays (float32 on the page: rtol 1e-6).
"""

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1120,1200")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
                       reason=f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}); "
                              "tools/setup-chromium.sh installs them when run as root"),
]

#: Deep query through Bokeh's shadow roots: the text of every element matching a CSS selector.
_DEEP_TEXT = """
const sel = arguments[0], out = [];
const walk = (root) => {
  for (const el of root.querySelectorAll(sel)) out.push(el.textContent);
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
};
walk(document);
return out;
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from bayesreg.demo import load_diabetes_frame
    from bayesreg.explore import explore_data, write_explore_page

    X, y = load_diabetes_frame()
    data = explore_data(X, y, l1_ratios=(0.0, 0.5, 1.0), n_alphas=9, draws=200, tune=100, random_state=0,
                        data_label="diabetes (test)")
    path = write_explore_page(data, tmp_path_factory.mktemp("explore") / "page.html")
    return data, path, X, y


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs the selenium package (test extras)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="bayesreg-chromium-")
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    where = os.environ.get("BAYESREG_SCREENSHOTS")
    out = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _load(driver, path):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return typeof Bokeh !== 'undefined' && Bokeh.documents.length > 0 && "
        "Bokeh.documents[0].get_model_by_name('alpha_slider') !== null"))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(_DEEP_TEXT, ".bayesreg-zeros"))


def _set(driver, name, value):
    driver.execute_script("Bokeh.documents[0].get_model_by_name(arguments[0]).value = arguments[1];", name, value)


def _shown(driver):
    zeros = driver.execute_script(_DEEP_TEXT, ".bayesreg-zeros")
    median_zeros = driver.execute_script(_DEEP_TEXT, ".bayesreg-median-zeros")
    assert len(zeros) == 1 and len(median_zeros) == 1
    return int(zeros[0]), int(median_zeros[0])


def _drawn_map(driver):
    """The MAP markers the page draws at the selected alpha (the forest / path markers' source)."""
    return np.array(driver.execute_script("""
        const doc = Bokeh.documents[0];
        for (const m of doc.all_models) {
          if (m.type === 'ColumnDataSource' && m.data.map !== undefined && m.data.feature !== undefined)
            return Array.from(m.data.map);
        }
        return null;"""), dtype=float)


def _twin_zeros(X, y, alpha, l1_ratio):
    est = Lasso(alpha=alpha, tol=1e-12, max_iter=100_000) if l1_ratio == 1 else \
        ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12, max_iter=100_000)
    return int(np.sum(est.fit(X, y).coef_ == 0))


def test_page_is_self_contained(page):
    _, path, _, _ = page
    text = path.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link " not in text  # Bokeh's JS inlined, nothing fetched
    assert path.stat().st_size < 8 * 2**20


def test_slider_moves_the_displayed_solution(page, browser, shots):
    data, path, X, y = page
    _load(browser, path)
    i = int(np.flatnonzero(data.l1_ratios == 1.0)[0])
    _set(browser, "l1_ratio_slider", 1.0)
    counts = [data.n_zeros(i, j) for j in range(data.alphas.size)]
    mid = next(j for j, c in enumerate(counts) if 0 < c < len(data.feature_names))
    positions = [0, mid, data.alphas.size - 1]
    shown = []
    for k, j in enumerate(positions):
        _set(browser, "alpha_slider", float(np.log10(data.alphas[j])))
        zeros, median_zeros = _shown(browser)
        shown.append(zeros)
        assert zeros == counts[j] == _twin_zeros(X, y, data.alphas[j], 1.0)
        assert median_zeros == 0  # the posterior median is never sparse
        np.testing.assert_allclose(_drawn_map(browser), data.map_coef[i, j], rtol=1e-6, atol=1e-6)
        browser.save_screenshot(str(shots / f"explore_{k}_lasso_alpha_{data.alphas[j]:.3g}.png"))
    assert len(set(shown)) == 3, shown  # three slider positions, three different solutions
    assert shown[-1] == len(data.feature_names)  # at alpha_max every lasso weight is zero


def test_l1_ratio_slider_and_keyboard_input(page, browser, shots):
    from selenium.webdriver.common.keys import Keys

    data, path, X, y = page
    _load(browser, path)
    j = data.alphas.size - 3
    _set(browser, "alpha_slider", float(np.log10(data.alphas[j])))
    for i, rho in enumerate(data.l1_ratios):
        _set(browser, "l1_ratio_slider", float(rho))
        zeros, _ = _shown(browser)
        expected = 0 if rho == 0 else _twin_zeros(X, y, data.alphas[j], float(rho))
        assert zeros == data.n_zeros(i, j) == expected
    # Synthetic input: the arrow key on the focused alpha handle moves one grid step.
    handles = browser.execute_script("""
        const out = [];
        const walk = (root) => {
          for (const el of root.querySelectorAll('.noUi-handle')) out.push(el);
          for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
        };
        walk(document); return out;""")
    assert len(handles) == 2
    handles[0].send_keys(Keys.ARROW_LEFT)
    i = data.l1_ratios.size - 1
    zeros, _ = _shown(browser)
    assert zeros == data.n_zeros(i, j - 1)
    browser.save_screenshot(str(shots / "explore_keyboard.png"))
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
