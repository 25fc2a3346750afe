"""Static files storage: hashed names, compressed copies, and hashed module imports."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's storage, also rewriting ``import ... from "./x.js"`` to hashed names.

    The reading page's script is a set of ES modules: without the rewrite, a hashed
    ``main.js`` (cached for a year) would import the plain, short-lived ``caret.js``,
    and a deploy could pair an old module with a new one.
    """

    support_js_module_import_aggregation = True
