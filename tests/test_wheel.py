"""A wheel installed in a fresh virtual environment loads the shipped release offline."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import REPO, SHIPPED

LOAD = """
import dprk_ru_statements, pathlib
assert 'site-packages' in dprk_ru_statements.__file__, dprk_ru_statements.__file__
print(sorted(dprk_ru_statements.releases()))
statements = dprk_ru_statements.load()
print(sum(statements[s].num_rows for s in statements), statements['test'].features['claim_type'].names[0])
print(dprk_ru_statements.load(config='articles')['corpus'].num_rows)
"""


@pytest.mark.skipif(not SHIPPED.releases, reason="no committed release to ship")
def test_wheel_carries_the_release_and_loads_it_offline(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    environment = tmp_path / "env"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    # The new environment borrows this one's dependencies through a path file (no network),
    # while the package itself comes only from the wheel.
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(target, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "-q", str(next(wheels.glob("*.whl")))],
        check=True,
        capture_output=True,
    )
    env = os.environ | {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run([str(python), "-c", LOAD], capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == [
        str(SHIPPED.releases),
        f"{SHIPPED.statements} accusation",
        str(SHIPPED.articles),
    ]
