"""The dossier wizard: the nine steps of the guide's Model Action Plan, one module per page."""

from untoc_desktop.ui.wizard.wizard import DossierWizard

__all__ = ["DossierWizard"]
