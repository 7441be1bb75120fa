"""``ratingapi-api`` (gunicorn, noauth) on a free loopback port, for the
end-to-end tests that need real sockets and a real launcher."""
import contextlib
import dataclasses
import os
import pathlib
import socket
import subprocess
import sys
import time

import httpx
import pytest

BIN = os.path.dirname(sys.executable)


@dataclasses.dataclass(frozen=True)
class Server:
    root: str            # "http://127.0.0.1:PORT/"
    log: pathlib.Path    # the launcher's and gunicorn's output


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _ready(proc, root, deadline):
    """Whether GET / answers the versions document before ``deadline``
    (an open port alone may be gunicorn's master before its workers)."""
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            response = httpx.get(root, timeout=1)
            if response.status_code == 300 and 'versions' in response.json():
                return True
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def api_server(directory, auth_strategy='noauth', more_config='',
               workers=2, timeout=60, attempts=3):
    """Run ``ratingapi-api`` with its state under ``directory`` for the
    block; always stopped at its end.  ``more_config`` is appended to its
    config file (after the [DEFAULT] section).

    The port is picked free, but another process may take it before
    gunicorn binds: such a start is retried on another port.
    """
    config = directory / 'ratingapi.conf'
    config.write_text('[DEFAULT]\nauth_strategy = %s\nstate_path = %s\n%s'
                      % (auth_strategy, directory, more_config))
    log_path = directory / 'server.log'
    for _ in range(attempts):
        root = 'http://127.0.0.1:%d/' % free_port()
        with open(log_path, 'w') as log:
            proc = subprocess.Popen(
                [os.path.join(BIN, 'ratingapi-api'), '--config-file',
                 str(config), '--bind', root[len('http://'):-1],
                 '--workers', str(workers)],
                stdout=log, stderr=subprocess.STDOUT)
        try:
            if _ready(proc, root, time.monotonic() + timeout):
                yield Server(root=root, log=log_path)
                return
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if 'in use' not in log_path.read_text():
            break
    pytest.fail('ratingapi-api did not start:\n' + log_path.read_text())
