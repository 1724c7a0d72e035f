"""The report as a person sees it: opened in a real headless Chromium.

Checks that the page logs nothing to the console (a blocked request would: the
page's Content-Security-Policy refuses every fetch), that the network log holds
no request the page made, that every section heading and every chart is in the
rendered DOM with a non-zero viewBox, and that a screenshot is not blank.

Skipped with a reason when no Chromium is installed, unless
``VALUECOCREATION_REQUIRE_BROWSER`` is set (CI sets it and installs Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import html5lib
import pytest
from tests import report_inputs as inputs

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
_BROWSER = next((found for name in _CANDIDATES if (found := shutil.which(name))), None)

if _BROWSER is None and not os.environ.get("VALUECOCREATION_REQUIRE_BROWSER"):
    pytest.skip(
        "no Chromium found (apt-get install chromium); set VALUECOCREATION_REQUIRE_BROWSER=1 "
        "to make this a failure",
        allow_module_level=True,
    )

# Chromium's own services call these even for an empty page; the page itself may call none.
_BROWSER_SERVICES = ("google.com", "googleapis.com", "gvt1.com")


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert _BROWSER is not None, "VALUECOCREATION_REQUIRE_BROWSER is set but no Chromium found"
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [
            _BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *arguments,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("browser")
    report = inputs.recordfarm_report()
    return report.write_html(folder / "report.html"), folder


def test_the_page_loads_without_console_errors_or_requests(page):
    path, folder = page
    net_log = folder / "net.json"
    done = _chromium(folder, f"--log-net-log={net_log}", "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    events = json.loads(net_log.read_text("utf-8"))["events"]
    urls = {event["params"]["url"] for event in events if "url" in event.get("params", {})}
    requested = {
        url
        for url in urls
        if urlparse(url).scheme not in {"file", "data"}
        and not (urlparse(url).hostname or "").endswith(_BROWSER_SERVICES)
    }
    assert requested == set()

    dom = html5lib.parse(done.stdout, namespaceHTMLElements=False)
    headings = [h.text for h in dom.iter("h2")]
    assert headings == [section.heading for section in inputs.recordfarm_report().sections]
    charts = [c for s in inputs.recordfarm_report().sections for c in s.charts]
    drawn = list(dom.iter("{http://www.w3.org/2000/svg}svg")) or list(dom.iter("svg"))
    assert len(drawn) == len(charts)
    for svg in drawn:
        width, height = (float(v) for v in svg.get("viewBox", "0 0 0 0").split()[2:])
        assert width > 0
        assert height > 0


def test_a_screenshot_of_the_page_is_not_blank(page):
    image_module = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshot")
    path, folder = page
    shot = folder / "shot.png"
    done = _chromium(folder, f"--screenshot={shot}", "--window-size=1200,3000", path.as_uri())
    assert done.returncode == 0, done.stderr
    with image_module.open(shot) as image:
        assert image.size == (1200, 3000)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 50  # text, charts in several colours, rules: far from one flat colour


def test_the_page_prints(page):
    path, folder = page
    pdf = folder / "report.pdf"
    done = _chromium(folder, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri())
    assert done.returncode == 0, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") > 3  # several pages
