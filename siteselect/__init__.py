"""siteselect: nearshoring site selection for industrial parks in Mexico."""

__version__ = "0.1.0"
