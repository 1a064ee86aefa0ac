"""HTML proposals: one self-contained page (inline CSS, images as data URIs, no script),
rendered from a :class:`~siteselect.report.proposal.ProposalView` through a jinja2 template
with autoescaping, so any text from data stays text."""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from siteselect.report.charts import ProposalImages
    from siteselect.report.proposal import ProposalView

TEMPLATE = "proposal.html.j2"


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("siteselect.report", "templates"),
        # Always on, whatever the template's suffix: names from data are never markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        # Every printed value without control or bidi characters (a U+202E in a name).
        finalize=_printable,
    )


def _printable(value: Any) -> Any:
    from markupsafe import Markup

    from siteselect.report.text import strip_control

    if isinstance(value, Markup):  # markup the template made safe stays safe
        return Markup(strip_control(value))
    return strip_control(value) if isinstance(value, str) else value


def _data_uri(data: bytes, kind: str = "png") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")


def render_proposal_html(view: ProposalView, images: ProposalImages | None = None) -> str:
    """The proposal as HTML text.

    Parameters
    ----------
    view
        The proposal's view model.
    images
        Pictures already drawn (see :func:`~siteselect.report.charts.render_proposal_images`);
        drawn here when ``None``.
    """
    from siteselect.report.charts import render_proposal_images

    pictures = images if images is not None else render_proposal_images(view)
    b = view.branding
    inline = {
        "map": _data_uri(pictures.map) if pictures.map is not None else None,
        "charts": [_data_uri(c) for c in pictures.charts],
        "logo": _data_uri(b.logo, b.logo_kind) if b is not None and b.logo else None,
        "photo": _data_uri(b.photo, b.photo_kind) if b is not None and b.photo else None,
    }
    text: str = _environment().get_template(TEMPLATE).render(view=view, images=inline)
    return text
