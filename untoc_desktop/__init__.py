"""UNTOC Desktop: an offline companion for civil-society contributions to the UNTOC Review
Mechanism."""

__version__ = "0.1.0"
APP_NAME = "UNTOC Desktop"
APP_ID = "untoc-desktop"
