"""The code style check (tox -e pep8) is part of the suite."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_flake8_is_clean():
    result = subprocess.run(
        # The whole tree, less what tox.ini's [flake8] excludes.
        [sys.executable, '-m', 'flake8', '--config', str(ROOT / 'tox.ini'),
         '.'],
        cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
