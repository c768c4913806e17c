"""The HTML report as a person sees it: rendered by a real headless Chromium after its scripts ran
(issue 14, item 8). The bundled sample articles, committed to a real temporary repository, make the page.

A probe script is appended to a copy of the page (the page's own Content-Security-Policy allows inline
scripts); it measures the laid-out chart labels, reads the sort hints as drawn (the ::after content) and
clicks a header, and writes what it found into the DOM, which Chromium dumps after the scripts ran.

Needs Chromium or Chrome: `apt-get install chromium` (CI's .ci/run installs it). On a machine without
one the test is skipped with that reason, unless REVIEWER_REQUIRE_BROWSER=1 (set by CI) makes it fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import git
from reviewer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
STATUS_WORDS = {"overdue": "overdue", "error": "error", "never_reviewed": "never reviewed", "due_soon": "due soon",
                "ok": "ok"}

PROBE = """<script>
(function(){
  var out = {};
  var labels = Array.prototype.slice.call(document.querySelectorAll('svg text.label'));
  var boxes = labels.map(function(t){ return t.getBoundingClientRect(); });
  var overlaps = 0;
  for (var i = 0; i + 1 < boxes.length; i++) { if (boxes[i].right > boxes[i + 1].left + 0.5) overlaps++; }
  out.labels = labels.map(function(t){ return t.textContent; });
  out.label_overlaps = overlaps;
  out.hints = Array.prototype.map.call(document.querySelectorAll('#articles th button'), function(b){
    return getComputedStyle(b, '::after').content; });
  var due = Array.prototype.filter.call(document.querySelectorAll('#articles th'), function(th){
    return th.textContent.trim() === 'Due'; })[0];
  due.querySelector('button').click();
  out.sorted = due.getAttribute('aria-sort');
  out.due_after_click = Array.prototype.map.call(document.getElementById('articles').tBodies[0].rows, function(r){
    return r.cells[3].getAttribute('data-sort'); });
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def browser() -> str | None:
    named = os.environ.get("REVIEWER_BROWSER")
    if named:
        return shutil.which(named) or named
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = browser()
    if found is None:
        if os.environ.get("REVIEWER_REQUIRE_BROWSER") == "1":
            pytest.fail("REVIEWER_REQUIRE_BROWSER=1 but no Chromium or Chrome is on PATH")
        pytest.skip("no Chromium or Chrome on PATH: install one (Debian: apt-get install chromium) to render "
                    "the HTML report in a real browser")
    return found


def render(chromium: str, page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                           f"--user-data-dir={profile}", "--window-size=1280,1600", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The HTML report of the sample articles, committed on 2025-06-01, as of 2026-11-25."""
    repo = tmp_path_factory.mktemp("samples") / "repo"
    shutil.copytree(ROOT / "articles", repo / "articles")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "samples", date_text="2025-06-01T09:00:00+00:00")
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(cli, ["report", "articles", "--as-of", "2026-11-25", "--format", "html",
                                          "--output", str(repo / "report.html")], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    return repo / "report.html"


@pytest.fixture(scope="module")
def seen(chromium, page, tmp_path_factory) -> dict:
    """The DOM after the page's scripts (and the probe) ran, as Chromium dumps it."""
    probed = page.with_name("probed.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    result = render(chromium, probed, tmp_path_factory.mktemp("profile"), "--dump-dom")
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    dom = result.stdout
    probe = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"')
                       .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    return {"dom": dom, "probe": probe}


def counts_in_cards(dom: str) -> dict[str, int]:
    return {status: int(n) for status, n in re.findall(r'<div class="card (\w+)"><b>(\d+)</b>', dom)}


def test_cards_table_summary_and_chart_count_the_same_articles(seen):
    dom = seen["dom"]
    cards = counts_in_cards(dom)
    badges = re.findall(r'<span class="badge (\w+)">', dom)
    assert cards == {status: badges.count(status) for status in STATUS_WORDS}
    total = sum(cards.values())
    assert total == 12  # the sample articles
    summary = re.search(r"<p>(\d+) articles: ([^<]*)\.</p>", dom)
    assert int(summary.group(1)) == total
    for status, word in STATUS_WORDS.items():
        if cards[status]:
            assert f"{cards[status]} {word}" in summary.group(2)
    bars = {label: int(n) for label, n in re.findall(r"<rect [^>]*><title>([^<:]+): (\d+)</title></rect>", dom)}
    assert bars["Overdue"] == cards["overdue"]
    undated = re.search(r"Not in the chart: (\d+) article", dom)
    assert sum(bars.values()) + int(undated.group(1)) == total
    assert int(undated.group(1)) == cards["error"] + cards["never_reviewed"]


def test_day_counts_are_never_negative_and_say_which_way(seen):
    cells = re.findall(r'<td class="num" data-sort="[^"]*">([^<]*)</td>', seen["dom"])
    assert len(cells) == 12
    for text in cells:
        assert re.fullmatch(r"|today|\d+ days? overdue|in \d+ days?", text), text
    assert any("overdue" in t for t in cells) and any(t.startswith("in ") for t in cells)


def test_chart_labels_are_months_with_years_and_do_not_run_into_each_other(seen):
    probe = seen["probe"]
    labels = probe["labels"]
    assert labels[0] == "Overdue" and labels[-1] == "Later" and len(labels) == 14
    assert all(re.fullmatch(r"[A-Z][a-z]{2}\d{4}", label) for label in labels[1:-1]), labels  # "Dec" over "2026"
    assert labels[1] == "Nov2026"
    assert probe["label_overlaps"] == 0


def test_sortable_headers_show_they_sort_and_sorting_works(seen):
    probe = seen["probe"]
    assert len(probe["hints"]) == 9 and all(hint not in ("none", "normal", "") for hint in probe["hints"])
    assert probe["sorted"] == "ascending"
    keys = [float(v) for v in probe["due_after_click"]]
    assert keys == sorted(keys)  # most overdue first; rows without a due date last (their key is the largest)


def test_a_screenshot_is_drawn(chromium, page, tmp_path):
    shot = tmp_path / "report.png"
    result = render(chromium, page, tmp_path / "profile", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page with cards, chart and table drawn
