"""[DEFAULT] options."""
import os

from oslo_config import cfg

AUTH_STRATEGIES = ('keystone', 'noauth')


def _default_state_path():
    # XDG state directory: writable by whoever runs the service, so the
    # embedded SQLite database works without root.
    base = os.environ.get('XDG_STATE_HOME') or os.path.join(
        os.path.expanduser('~'), '.local', 'state')
    return os.path.join(base, 'ratingapi')


opts = [
    cfg.StrOpt('auth_strategy', default='keystone', choices=AUTH_STRATEGIES,
               help='How callers are authenticated. "keystone" validates '
                    'X-Auth-Token with keystonemiddleware; "noauth" trusts '
                    'the X-User-Id, X-Project-Id and X-Roles headers and '
                    'treats a caller without them as admin. noauth is for '
                    'development and tests only.'),
    cfg.BoolOpt('allow_noauth_on_public_address', default=False,
                help='Allow auth_strategy = noauth while [api] host is not '
                     'a loopback address. Without it the service refuses '
                     'to start, because anyone reaching the port would be '
                     'admin.'),
    cfg.StrOpt('state_path', default=_default_state_path(),
               sample_default='$XDG_STATE_HOME/ratingapi or '
                              '~/.local/state/ratingapi',
               help='Directory where ratingapi keeps local state, such as '
                    'the default SQLite database.'),
]


def register_opts(conf):
    conf.register_opts(opts)
