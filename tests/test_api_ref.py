"""The api-ref samples are what the server really answers."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_samples_match_the_server():
    result = subprocess.run(
        [sys.executable, str(ROOT / 'api-ref' / 'tools' / 'make-samples.py'),
         '--check'], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
