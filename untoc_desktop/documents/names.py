"""The documents the app writes and the formats it writes them in: the one list the command line,
the templates and the composers share.

Kept apart from the composers so that reading it costs nothing: ``untoc-desktop --help`` and the
interface's menus need the names long before anything is rendered.
"""

from __future__ import annotations

#: Phase 1 of the guide's plan: preparing the contribution (and the two entry-point documents).
PHASE1: tuple[str, ...] = ("letter", "pledge", "submission", "statement", "declaration")
#: Phase 2: after the submission, the messages that go public and the follow-up.
PHASE2: tuple[str, ...] = ("public", "press", "followup", "social")
DOCUMENTS: tuple[str, ...] = PHASE1 + PHASE2
#: Documents with a template file of their own (the social-media texts reuse the public summary's).
TEMPLATED: tuple[str, ...] = tuple(d for d in DOCUMENTS if d != "social")
#: ``txt``: the document's words as plain UTF-8 text (the social-media texts, mainly).
FORMATS: tuple[str, ...] = ("pdf", "docx", "txt")
