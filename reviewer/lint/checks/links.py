"""Links: placeholder destinations, links without text, and (issue #4) broken and insecure links."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from reviewer.document import Document, url_spans
from reviewer.document.links import LinkedFile, anchors, local_target, resolve_local
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule


def _is_placeholder(destination: str) -> bool:
    dest = destination.strip()
    return dest in ("", "#") or dest.lower().startswith("javascript:")


@rule("links.placeholder", "error", example="Find a clinic [near you](#).\n")
def placeholder_link(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A link or image whose destination is empty, `#` or `javascript:`.

    These are left behind when a page is drafted ("link to come") and send the
    reader nowhere. Put the real address in, or remove the link and keep the text.
    """
    for link in doc.links:
        if link.autolink or not _is_placeholder(link.destination):
            continue
        what = "image" if link.image else "link"
        label = f" {link.text.strip()!r}" if link.text.strip() else ""
        shown = link.destination.strip() or "empty"
        yield doc.finding(link.start, link.end,
                          f"{what}{label} points nowhere (destination: {shown}); add the real address or remove it")


@rule("links.empty-text", "warning", example="Read [](https://www.example.org/guide) for more.\n")
def link_without_text(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A link with no text to click.

    Screen readers announce such a link by its address, and sighted readers cannot
    see it at all. Write words that say where the link goes, such as
    "[how to take your medicine](taking-medicines.md)". Images are not reported here.
    """
    for link in doc.links:
        if link.image or link.autolink or link.text.strip():
            continue
        yield doc.finding(link.start, link.end,
                          f"link to {link.destination or 'nowhere'} has no text; say where it goes",
                          suggestion="[words that say where the link goes](" + link.destination + ")")


# --------------------------------------------------------------------------- broken relative links (issue #4)

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _span(link) -> tuple[int, int]:
    return (link.dest_start, link.dest_end) if link.dest_end > link.dest_start else (link.start, link.end)


def _closest(fragment: str, offered: frozenset[str]) -> str | None:
    close = difflib.get_close_matches(fragment.lower(), sorted(offered), n=1, cutoff=0.6)
    return close[0] if close else None


@rule("links.broken-relative", "error", reads_links=True, options={"external_paths": []},
      example="# Kidney health\n\nSee [the tests](#tests-for-kidney-health) and [diet](kidney-diet.md).\n")
def broken_relative_link(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A link to a local file that does not exist, or to a heading that file does not have.

    Relative links are resolved from the article's folder, links starting with `/` from
    the project root (the folder of the configuration file), after percent-decoding
    (`my%20page.md`). A `#anchor` must match a heading of the target (GitHub-style
    anchors: lower case, punctuation dropped, spaces to hyphens, `-1` for a repeated
    heading) or an HTML `id`; `#anchor` alone checks the article's own headings.
    Images are checked too. Web, mail and phone links are never fetched or checked here:
    nothing goes over the network. The suggestion names the closest existing anchor.
    Articles linted from memory (no file on disk) are checked for same-page anchors only.
    A link without a file extension to a page that exists as Markdown (`getting-started` for
    `getting-started.md`, as site generators write them) counts as that page.

    Option `external_paths`: path prefixes that point into the published site rather than the
    repository, such as `["/dotnet/api/"]`, or `["/"]` for every site-root link; links under
    them are not checked.
    """
    external = tuple(str(p) for p in options.get("external_paths") or ())
    own_anchors = None
    for link in doc.links:
        target = None if link.autolink else local_target(link.destination)
        if target is None:
            continue
        path, fragment = target
        start, end = _span(link)
        if path:
            if doc.file is None or (external and path.startswith(external)):
                continue
            resolved = resolve_local(link.destination, doc.file, Path(context.root))
            linked = context.linked.get(str(resolved), LinkedFile(exists=False))
            if not linked.exists and not resolved.suffix:  # "getting-started" for getting-started.md
                page = context.linked.get(str(resolved) + ".md")
                if page is not None and page.exists:
                    resolved, linked = resolved.with_name(resolved.name + ".md"), page
            if not linked.exists:
                what = "image" if link.image else "link"
                yield doc.finding(start, end, f"{what} to {link.destination} points to a file that does not exist "
                                              f"({_shown(resolved)})")
                continue
            offered, page = (linked.anchors if fragment else None), resolved.name
        else:
            own_anchors = anchors(doc) if own_anchors is None else own_anchors
            offered, page = own_anchors, "this page"
        if offered is None or not fragment or fragment.lower() in offered or fragment.lower() == "top":
            continue
        closest = _closest(fragment, offered)
        hint = f"; did you mean #{closest}?" if closest else ""
        yield doc.finding(start, end, f"link to {link.destination}: {page} has no heading with the anchor "
                                      f"#{fragment}{hint}",
                          suggestion=f"{path}#{closest}" if closest else None)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@rule("links.insecure", "suggestion", example="Visit the [kidney charity](http://www.kidneyresearchuk.org/).\n")
def insecure_link(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A link that uses `http://` instead of `https://`.

    Pages fetched over plain http can be read and changed on the way, and browsers mark
    them "not secure", which undermines trust in health advice. Most sites now serve
    https: check that the https address works and use it. Links in Markdown, autolinks
    and bare web addresses in the text are reported; local addresses (localhost) are not.
    No fix is offered and nothing is fetched: only a person can confirm the https page exists.
    """
    link_spans = []
    for link in doc.links:
        link_spans.append((link.start, link.end))
        dest = link.destination.strip().strip("<>")
        if _is_insecure(dest):
            start, end = _span(link)
            yield doc.finding(start, end, _insecure_message(dest), suggestion="https://" + dest[len("http://"):])
    for block in doc.blocks:
        text = block.text
        if "://" not in text and "www." not in text and "@" not in text:
            continue  # no bare URL or e-mail address can be in it (url_spans finds none)
        for url_start, url_end in url_spans(text):
            url = block.text[url_start:url_end]
            start = block.source_offset(url_start)
            if not _is_insecure(url) or any(a <= start < b for a, b in link_spans):
                continue
            yield doc.span_finding(block, url_start, url_end, _insecure_message(url),
                                   suggestion="https://" + url[len("http://"):])


def _is_insecure(url: str) -> bool:
    """An http:// address of a host other than this machine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() == "http" and host not in _LOCAL_HOSTS


def _insecure_message(url: str) -> str:
    return f"{url} uses http://, which is not encrypted; use the https:// address if the site has one"
