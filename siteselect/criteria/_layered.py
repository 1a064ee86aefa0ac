"""Parameters shared by the measures that reach the features of a layer."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from siteselect.criteria.base import MeasureParams
from siteselect.criteria.features import LayerTo, Where
from siteselect.layers.options import LayerRef


class LayerParams(MeasureParams):
    """``to`` (a layer name or a file of the user's) and an optional ``where`` filter."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    to: LayerTo = Field(description="a layer name, e.g. 'border_crossings', or a file of yours")
    where: Where | None = None

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The target layer."""
        return (self.to,)


Traveller = Literal["truck", "car"]
"""Who drives a measure's trip: trucks (freight) or cars (commuting)."""


class DriveParams(LayerParams):
    """``to``, ``where`` and ``traveller``: trucks by default (freight trips)."""

    traveller: Traveller = "truck"
