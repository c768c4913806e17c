"""Links: placeholder destinations, links without text, and (issue #4) broken and insecure links."""

from __future__ import annotations

from reviewer.registry import rule


def _is_placeholder(destination: str) -> bool:
    dest = destination.strip()
    return dest in ("", "#") or dest.lower().startswith("javascript:")


@rule("links.placeholder", "error", example="Find a clinic [near you](#).\n")
def placeholder_link(doc, options, context):
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
def link_without_text(doc, options, context):
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
