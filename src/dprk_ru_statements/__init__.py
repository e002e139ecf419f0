"""dprk-ru-statements: attributed statements about North Korea–Russia military cooperation.

>>> import dprk_ru_statements
>>> statements = dprk_ru_statements.load()              # DatasetDict: train / validation / test
>>> articles = dprk_ru_statements.load(config="articles")
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .core.paths import PACKAGE_DIR
from .core.versions import WITHOUT_TEXT, Version

# pandera imports pyspark.pandas whenever pyspark is installed (the `spark` extra), on import and
# again when it first validates, and pyspark then warns about pandas 3 on every build and validate:
# a warning about a library the pandas path does not use. Only that one message is silenced.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

if TYPE_CHECKING:
    from datasets import DatasetDict

__all__ = ["load", "releases"]


def release_folders() -> list[Path]:
    """Where releases are looked for: `dist/` of a checkout, and those shipped inside the wheel."""
    return [PACKAGE_DIR.parents[1] / "dist", PACKAGE_DIR / "releases"]


def releases() -> dict[str, Path]:
    """Published releases this installation can see, oldest version first."""
    found: dict[str, tuple[Version, Path]] = {}
    for folder in release_folders():
        if folder.is_dir():
            for release in folder.iterdir():
                version = Version.of(release.name.removesuffix(WITHOUT_TEXT))
                if version is not None and (release / "README.md").is_file():
                    found[release.name] = (version, release)
    # A text-free build ("2.0.0-without-text") sorts with its version, after the one with text.
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return {name: release for name, (_, release) in ordered}


def load(version: str | None = None, config: str = "default") -> DatasetDict:
    """The release `version` (default: the newest) as a `datasets.DatasetDict`, offline.

    The same DatasetDict as `datasets.load_dataset(<release folder>, config)`. The first call for a
    release converts it once into a per-user cache (`load_cache.cache_root()`: the datasets cache,
    or $DPRK_RU_STATEMENTS_CACHE); later calls, in any process, memory-map that copy.
    """
    from .release.load_cache import load_cached

    available = releases()
    if not available:
        raise FileNotFoundError("no release found: run `python build.py` in a checkout first")
    if version is None:
        with_text = [name for name in available if Version.of(name)]
        version = (with_text or list(available))[-1]
    if version not in available:
        raise FileNotFoundError(f"release {version!r} not found; available: {', '.join(available)}")
    return load_cached(available[version], config)
