"""Where an article's local links point, and the anchors an article offers: facts about parsed articles."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from reviewer.document import Document, heading_slug

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")


@dataclass(frozen=True)
class LinkedFile:
    """What the engine found at a linked path: whether it exists, and its anchors when it is an article
    (None for an image, a PDF, a folder, or a file that cannot be read as an article)."""

    exists: bool
    anchors: frozenset[str] | None = None


def local_target(destination: str) -> tuple[str, str] | None:
    """(path, fragment) of a link to a local file, percent-decoded; None for web, mail, phone and
    other links with a scheme, protocol-relative links and placeholders."""
    dest = destination.strip()
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1].strip()
    if dest in ("", "#") or _SCHEME.match(dest) or dest.startswith("//"):
        return None
    path, _, fragment = dest.partition("#")
    path = path.split("?", 1)[0]
    return unquote(path), unquote(fragment)


def resolve_local(destination: str, article: Path, root: Path) -> Path | None:
    """The file a link to a local path points to: from the article's folder, or from the
    project root for a path starting with `/`. None for web links, anchors and placeholders."""
    target = local_target(destination)
    if target is None or not target[0]:
        return None
    path = target[0]
    return Path(os.path.normpath((root / path.lstrip("/")) if path.startswith("/") else article.parent / path))


def anchors(doc: Document) -> frozenset[str]:
    """The anchors a document offers, lower case: GitHub-style heading slugs (a repeated heading
    gets -1, -2...) and the id/name of HTML elements."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in doc.headings:
        slug = heading_slug(heading.text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    found.update(match.group(1) for match in _HTML_ID.finditer(doc.source))
    return frozenset(a.lower() for a in found)


def link_targets(doc: Document, root: Path) -> list[str]:
    """Local files the document's links point to, resolved as links.broken-relative resolves them (with
    the Markdown page an extension-less link may mean)."""
    if doc.file is None:
        return []
    targets = {resolve_local(link.destination, doc.file, root) for link in doc.links}
    targets.discard(None)
    targets |= {t.with_name(t.name + ".md") for t in targets if t.name and not t.suffix}  # generators drop .md
    return sorted(str(t) for t in targets)
