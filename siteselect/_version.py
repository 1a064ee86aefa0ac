"""The package's version, in a module of its own: any stage can read it without importing the
public facade (``siteselect/__init__.py``), which sits above the API."""

from __future__ import annotations

__version__ = "0.1.0"
