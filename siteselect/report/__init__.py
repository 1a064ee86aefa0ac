"""Report: renderers of results (terminal, exports) and the only code that writes files.

* :mod:`~siteselect.report.terminal`: rich renderables for every command;
* :mod:`~siteselect.report.exports`: JSON documents and the rank export table;
* :mod:`~siteselect.report.tabular`: a generic export table written as GeoJSON, GeoPackage,
  GeoParquet, FlatGeobuf, CSV, Excel or Markdown;
* :mod:`~siteselect.report.proposal` (the document), :mod:`~siteselect.report.park_section`
  (one park), :mod:`~siteselect.report.proposal_annex` (the method annex),
  :mod:`~siteselect.report.proposal_view` (the view models) and renderers: proposal reports
  (HTML, PDF);
* :mod:`~siteselect.report.writer`: atomic writes, ``--force``, ``-`` for stdout;
* :mod:`~siteselect.report.numbers` and :mod:`~siteselect.report.text`: rounding, formats and
  safe text.

Nothing here computes a measure: everything comes from the results.
"""

from __future__ import annotations

from siteselect.report.exports import (
    FORMATS,
    build_comparison_json,
    build_explanation_json,
    build_frame_geojson,
    build_rank_csv,
    build_rank_geojson,
    build_rank_json,
    build_sensitivity_json,
    dump_json,
    format_from_path,
    render_rank_bytes,
    render_rank_output,
)
from siteselect.report.writer import (
    check_writable,
    is_stdout,
    write_bytes,
    write_output,
    write_text,
)

__all__ = [
    "FORMATS",
    "build_comparison_json",
    "build_explanation_json",
    "build_frame_geojson",
    "build_rank_csv",
    "build_rank_geojson",
    "build_rank_json",
    "build_sensitivity_json",
    "check_writable",
    "dump_json",
    "format_from_path",
    "is_stdout",
    "render_rank_bytes",
    "render_rank_output",
    "write_bytes",
    "write_output",
    "write_text",
]
