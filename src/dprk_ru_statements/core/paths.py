"""Where things live in a checkout of the project."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the package, not this subpackage


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds `dataset.yaml` and `raw/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dataset.yaml").is_file() and (folder / "raw").is_dir():
            return folder
    raise FileNotFoundError(f"no dprk-ru-statements checkout at or above {here}")


@dataclass(frozen=True)
class Project:
    """The folders of one checkout; every path the code touches is derived from `root`."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @property
    def speakers(self) -> Path:
        return self.root / "registry" / "speakers.yaml"

    @property
    def dataset_file(self) -> Path:
        return self.root / "dataset.yaml"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    def text_path(self, article_id: str) -> Path:
        return self.raw / f"{article_id}.txt"

    def meta_path(self, article_id: str) -> Path:
        return self.raw / f"{article_id}.meta.yaml"

    def annotation_path(self, article_id: str) -> Path:
        return self.annotations / f"{article_id}.yaml"

    def relative(self, path: Path) -> str:
        """A path as contributors see it: relative to the checkout when inside it."""
        # Resolve the folder only: a symlink must be named as itself, not as what it points to.
        prefix = _folder_prefix(path.parent, self.root)
        return str(path) if prefix is None else prefix + path.name


@functools.lru_cache(maxsize=256)
def _folder_prefix(folder: Path, root: Path) -> str | None:
    # A build names 100,000s of files in a handful of folders: resolve each folder once.
    try:
        inside = folder.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return "" if inside == Path() else f"{inside}{os.sep}"
