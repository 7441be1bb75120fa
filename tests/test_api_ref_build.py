"""The api-ref builds: ``sphinx-build -W`` (every warning an error), as
tox's ``api-ref`` env runs it, so a broken page, a parameter missing from
parameters.yaml or a parameters.yaml out of os-api-ref's order fails the
suite.

Sphinx, os-api-ref and openstackdocstheme are test dependencies (the
``test`` extra): without them the test fails rather than skips.
"""
import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE = ROOT / 'api-ref' / 'source'
MODULES = ('sphinx', 'os_api_ref', 'openstackdocstheme')


def _sphinx_build():
    """The command that runs sphinx-build, as a list."""
    missing = [name for name in MODULES
               if importlib.util.find_spec(name) is None]
    if missing:
        pytest.fail('%s: test dependencies, not installed (pip install -e '
                    '".[test]")' % ', '.join(missing))
    return [sys.executable, '-m', 'sphinx']


def test_api_ref_builds_without_warnings(tmp_path):
    command = _sphinx_build() + [
        '-W', '--keep-going', '-q', '-b', 'html',
        '-d', str(tmp_path / 'doctrees'), str(SOURCE),
        str(tmp_path / 'html')]
    result = subprocess.run(command, cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    # -q leaves only warnings and errors on stderr.
    assert result.returncode == 0, (
        'sphinx-build -W failed (%d):\n%s%s' % (
            result.returncode, result.stderr, result.stdout))
    assert (tmp_path / 'html' / 'index.html').is_file()
