"""WhiteNoise's compressed, hashed static files, each file's URL worked out once per process.

The manifest (name → hashed name) is read when the process starts and never changes while it runs, yet
`{% static %}` works the URL out again on every use: seven times on every page through the base template. The
URL of a name is kept after its first use; a name missing from the manifest still raises, every time.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

_MOST_NAMES = 2000  # the names the templates use are a few dozen; past this, URLs are simply not kept


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self._urls) < _MOST_NAMES:
                self._urls[name] = url
        return url
