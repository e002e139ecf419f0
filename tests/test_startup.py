"""The per-save `validate` path reads generated data instead of importing what it can do without.

No timing is asserted here (benchmarks/ measures it); these tests pin the behaviour the speed-ups
rely on: the generated data equals its source, and the slow modules stay out of the process.
"""

from __future__ import annotations

import subprocess
import sys

import pycountry
import yaml

from dprk_ru_statements.contract.vocab import (
    COUNTRY_CODES_FILE,
    country_codes,
    render_country_codes,
    schema_dir,
    vocabularies,
)
from dprk_ru_statements.core.paths import Project


def test_country_codes_file_matches_pycountry() -> None:
    committed = (schema_dir() / COUNTRY_CODES_FILE).read_text("utf-8")
    assert committed == render_country_codes(), f"{COUNTRY_CODES_FILE} is stale: run `dprk-ru-statements schema`"


def test_country_codes_are_iso_alpha3_plus_the_project_codes() -> None:
    iso = {country.alpha_3 for country in pycountry.countries}
    assert country_codes() == iso | set(vocabularies().extra_country_codes)
    assert {"USA", "PRK", "RUS", "XMG", "XIO"} <= country_codes()
    assert not any(code.startswith("#") for code in country_codes())


def test_vocabularies_read_as_the_pure_python_loader_reads_them() -> None:
    data = yaml.load((schema_dir() / "vocabularies.yaml").read_text("utf-8"), Loader=yaml.SafeLoader)
    data["quotation_marks"] = [tuple(pair) for pair in data["quotation_marks"]]
    assert vars(vocabularies()) == data


def test_validate_of_one_file_leaves_pycountry_unimported(project: Project) -> None:
    code = (
        "import sys\n"
        "from dprk_ru_statements.cli import main\n"
        f"main(['validate', '--root', {str(project.root)!r}, "
        f"{str(project.annotation_path('us-senators-express-concern'))!r}], standalone_mode=False)\n"
        "print(sorted({'pycountry'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_bad_country_is_still_refused(project: Project) -> None:
    path = project.annotation_path("us-senators-express-concern")
    path.write_text(path.read_text("utf-8").replace("country: USA", "country: XXX", 1), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dprk_ru_statements", "validate", "--root", str(project.root), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "country: 'XXX' is not an ISO 3166-1 alpha-3 code nor one of XMG, XIO" in done.stderr
