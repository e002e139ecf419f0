"""Build the release from the shipped raw/ and annotations/.

`python build.py [OPTIONS]` is `dprk-ru-statements build [OPTIONS]`.
"""

import sys
from pathlib import Path

try:
    from dprk_ru_statements.cli import run
except ModuleNotFoundError:  # not installed: use the source tree next to this file
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from dprk_ru_statements.cli import run

if __name__ == "__main__":
    sys.argv[1:1] = ["build"]
    run()
