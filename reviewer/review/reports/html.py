"""One self-contained HTML page: summary, a chart of reviews falling due per month, a sortable table.

No external assets and no network: CSS, JavaScript and the SVG chart are inline, and a
Content-Security-Policy forbids loading anything else. Without JavaScript the table is still complete.
"""

from __future__ import annotations

import html
from datetime import date

from reviewer.review.reports import STATUS_LABELS, summary_line, text
from reviewer.review.rows import Report, ReviewRow

_CSS = """
:root{--bg:#fff;--fg:#1d2327;--muted:#5b6670;--line:#d9dee3;--head:#f3f5f7;
--overdue:#b3261e;--error:#8e24aa;--never_reviewed:#546e7a;--due_soon:#b26a00;--ok:#1e7d32;--bar:#3f6fb5}
@media (prefers-color-scheme:dark){:root{--bg:#15181b;--fg:#e6e8ea;--muted:#9aa4ad;--line:#30363d;--head:#1f2428;
--overdue:#ff8a80;--error:#e1a6f0;--never_reviewed:#b0bec5;--due_soon:#ffb74d;--ok:#81c995;--bar:#7aa7e8}}
*{box-sizing:border-box}
body{margin:0;padding:24px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.1rem;margin:28px 0 10px}
.meta{color:var(--muted);margin:0 0 16px}
.warn{border-left:4px solid var(--due_soon);background:var(--head);padding:8px 12px;margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:1.6rem;line-height:1.2}
.card.overdue b{color:var(--overdue)}.card.error b{color:var(--error)}.card.never_reviewed b{color:var(--never_reviewed)}
.card.due_soon b{color:var(--due_soon)}.card.ok b{color:var(--ok)}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}svg .axis{stroke:var(--line)}
svg .bar{fill:var(--bar)}svg .bar.overdue{fill:var(--overdue)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--head);position:sticky;top:0}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid var(--bar)}
th button::after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending] button::after{content:" \\25B2";color:inherit}th[aria-sort=descending] button::after{content:" \\25BC";color:inherit}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.date{white-space:nowrap}
table.owners{width:auto;min-width:50%}table.owners td,table.owners th{padding:6px 14px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.85em;white-space:nowrap}
.badge.overdue{background:var(--overdue)}.badge.error{background:var(--error)}.badge.never_reviewed{background:var(--never_reviewed)}
.badge.due_soon{background:var(--due_soon)}.badge.ok{background:var(--ok)}
@media (prefers-color-scheme:dark){.badge{color:#111}}
.path{color:var(--muted);font-size:.85em;font-family:ui-monospace,monospace}
.note{color:var(--error);font-size:.85em}
.flag{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 4px;margin:1px;font-size:.8em}
#filter{padding:6px 10px;border:1px solid var(--line);border-radius:6px;min-width:280px;background:var(--bg);color:var(--fg)}
"""

_JS = """
(function(){
  var table=document.getElementById('articles');var body=table.tBodies[0];
  var heads=table.tHead.rows[0].cells;
  function key(row,i,numeric){var v=row.cells[i].getAttribute('data-sort');if(v===null)v=row.cells[i].textContent;
    if(numeric){var n=parseFloat(v);return isNaN(n)?Infinity:n}return v.toLowerCase()}
  Array.prototype.forEach.call(heads,function(th,i){
    var button=th.querySelector('button');if(!button)return;
    button.addEventListener('click',function(){
      var ascending=th.getAttribute('aria-sort')!=='ascending';var numeric=th.hasAttribute('data-numeric');
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort')});
      th.setAttribute('aria-sort',ascending?'ascending':'descending');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){var x=key(a,i,numeric),y=key(b,i,numeric);
        var blankX=x===''||x===Infinity,blankY=y===''||y===Infinity;  /* blanks last, either way */
        if(blankX||blankY)return blankX===blankY?0:(blankX?1:-1);
        var c=x<y?-1:x>y?1:0;return ascending?c:-c});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
  var filter=document.getElementById('filter');
  filter.addEventListener('input',function(){var q=filter.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){r.hidden=q&&r.textContent.toLowerCase().indexOf(q)<0});});
})();
"""


def _e(value) -> str:
    return html.escape(text(value), quote=True)


def _month_label(label: str) -> str:
    if label in ("overdue", "later"):
        return label.capitalize()
    year, month = label.split("-")
    return date(int(year), int(month), 1).strftime("%b %Y")  # "Dec 2026": "Dec 26" reads as a day


def chart(report: Report) -> str:
    """An inline SVG bar chart: overdue, then each of the next twelve months, then later."""
    buckets = [(label, n) for label, n in report.summary.due_by_month if label != "none"]
    width, height, left, bottom, top = 760, 232, 34, 48, 18
    peak = max([n for _, n in buckets] + [1])
    slot = (width - left - 8) / len(buckets)
    bar = slot * 0.62
    plot = height - bottom - top
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" role="img" '
             f'aria-labelledby="chart-title"><title id="chart-title">Reviews falling due per month: '
             + _e(", ".join(f"{_month_label(label)} {n}" for label, n in buckets)) + "</title>"]
    parts.append(f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}"/>')
    for i, (label, count) in enumerate(buckets):
        x = left + i * slot + (slot - bar) / 2
        h = plot * count / peak
        y = height - bottom - h
        css = "bar overdue" if label == "overdue" else "bar"
        parts.append(f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" rx="2">'
                     f"<title>{_e(_month_label(label))}: {count}</title></rect>")
        if count:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{count}</text>')
        # a month on two lines, "Dec" over "2026": as one line, neighbouring labels run into each other
        middle = f"{x + bar / 2:.1f}"
        words = _month_label(label).split(" ")
        lines = "".join(f'<tspan x="{middle}" dy="{0 if n == 0 else 14}">{_e(word)}</tspan>'
                        for n, word in enumerate(words))
        parts.append(f'<text class="label" x="{middle}" y="{height - bottom + 16}" text-anchor="middle">{lines}</text>')
    parts.append("</svg>")
    undated = dict(report.summary.due_by_month).get("none", 0)
    if undated:
        parts.append(f'<p class="meta">Not in the chart: {undated} article{"s" if undated != 1 else ""} with no '
                     "due date to trust (error or never reviewed).</p>")
    return "".join(parts)


def _due_in_words(days_overdue: int | None) -> str:
    """"572 days overdue", "today", "in 15 days": never "-15 days overdue"."""
    if days_overdue is None:
        return ""
    if days_overdue == 0:
        return "today"
    days = abs(days_overdue)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} overdue" if days_overdue > 0 else f"in {days} {unit}"


def _row(row: ReviewRow) -> str:
    days = _due_in_words(row.days_overdue)
    title = f"<div>{_e(row.title)}</div>" if row.title else ""
    notes = "".join(f'<div class="note">{_e(n)}</div>' for n in row.notes)
    origin = f'<div class="path origin">copied from {_e(row.copied_from)}</div>' if row.copied_from else ""
    flags = "".join(f'<span class="flag">{_e(f.replace("_", " "))}</span>' for f in row.flags)
    changed = f"{_e(row.last_changed)}<div class=\"path\">{_e(row.last_changed_by)}</div>" if row.last_changed else ""
    rank = list(STATUS_LABELS).index(row.status)
    due = row.next_review.start.isoformat() if row.next_review else "9999"
    return (f'<tr><td data-sort="{rank}"><span class="badge {row.status}">{_e(STATUS_LABELS[row.status])}</span></td>'
            f'<td data-sort="{_e(row.title or row.path)}">{title}<div class="path">{_e(row.path)}</div>{origin}{notes}</td>'
            f'<td class="date" data-sort="{due}">{_e(row.next_review)}</td>'
            f'<td class="num" data-sort="{_e(-row.days_overdue if row.days_overdue is not None else 99999999)}">'
            f'{_e(days)}</td>'
            f'<td class="date">{_e(row.last_reviewed)}</td><td>{_e(row.reviewed_by)}</td><td>{_e(row.owner)}</td>'
            f'<td class="date">{changed}</td><td>{flags}</td></tr>')


def render(report: Report, *, color: bool = False) -> str:
    summary = report.summary
    cards = "".join(f'<div class="card {status}"><b>{count}</b>{_e(STATUS_LABELS[status])}</div>'
                    for status, count in summary.by_status.items())
    warnings = []
    if report.shallow:
        warnings.append("Shallow clone: git history is incomplete, so last-changed dates and changed-since-review "
                        "flags may be wrong. Fetch full history (fetch-depth: 0).")
    warnings += list(report.notes)
    warn_html = "".join(f'<p class="warn">{_e(w)}</p>' for w in warnings)
    statuses = list(summary.by_status)
    owner_rows = "".join(f"<tr><td>{_e(owner)}</td>" + "".join(f'<td class="num">{counts[s]}</td>' for s in statuses)
                         + "</tr>" for owner, counts in summary.by_owner.items())
    owners = ('<h2>By owner</h2><table class="owners"><thead><tr><th>Owner</th>'
              + "".join(f'<th class="num">{_e(STATUS_LABELS[s].capitalize())}</th>' for s in statuses)
              + f"</tr></thead><tbody>{owner_rows}</tbody></table>") if owner_rows else ""
    columns = [("Status", True), ("Article", False), ("Next review", False), ("Due", True),
               ("Last reviewed", False), ("Reviewed by", False), ("Owner", False), ("Last changed", False),
               ("Flags", False)]
    head = "".join(f'<th scope="col"{" data-numeric" if numeric else ""}><button type="button">{_e(name)}</button></th>'
                   for name, numeric in columns)
    rows = "".join(_row(r) for r in report.rows)
    commit = f" &middot; commit <code>{_e(report.head[:12])}</code>" if report.head else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Article review status, {_e(report.as_of)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Article review status</h1>
<p class="meta">As of {_e(report.as_of)} &middot; due soon means within {report.due_within} days &middot; dates in {_e(report.timezone)}{commit}</p>
{warn_html}
<div class="cards">{cards}</div>
<p>{_e(summary_line(report))}.</p>
<h2>Reviews falling due</h2>
{chart(report)}
{owners}
<h2>Articles</h2>
<p><label>Filter <input id="filter" type="search" placeholder="path, title, owner, status..."></label></p>
<table id="articles"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<script>{_JS}</script>
</body>
</html>
"""
