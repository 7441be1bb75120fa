"""ratingapi-manage: operator commands.

    ratingapi-manage [--config-file FILE] db sync
    ratingapi-manage [--config-file FILE] db version
"""
import sys

import alembic.util
from oslo_config import cfg
import sqlalchemy as sa

from ratingapi import conf
from ratingapi.storage import migration

PROG = 'ratingapi-manage'

# What an operator can cause and fix (database down, bad URL, missing
# driver, unwritable state_path): one line on stderr, no traceback.
OPERATOR_ERRORS = (sa.exc.SQLAlchemyError, alembic.util.CommandError,
                   ImportError, OSError, ValueError)


def db_sync(url):
    migration.upgrade(url)
    print('database at revision %s' % migration.current(url))


def db_version(url):
    print(migration.current(url))


def add_command_parsers(subparsers):
    subparsers.metavar = 'COMMAND'
    subparsers.required = True
    db = subparsers.add_parser('db', help='Database schema commands.')
    actions = db.add_subparsers(dest='action', metavar='ACTION')
    actions.required = True
    actions.add_parser(
        'sync', help='Upgrade the database schema to the latest revision.'
    ).set_defaults(func=db_sync)
    actions.add_parser(
        'version', help='Print the revision of the database schema.'
    ).set_defaults(func=db_version)


CATEGORY = cfg.SubCommandOpt('category', title='Commands',
                             handler=add_command_parsers)


def _safe_url(url):
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return '<unparsable URL>'


def _describe(error, url):
    # A DBAPI error's own message is the useful part; SQLAlchemy's wrapper
    # adds the statement and a help link.
    message = str(getattr(error, 'orig', None) or error).strip()
    first_line = message.splitlines()[0] if message else ''
    # Should a message ever echo the URL, echo it without the password.
    first_line = first_line.replace(url, _safe_url(url))
    return 'database %s: %s: %s' % (
        _safe_url(url), type(error).__name__, first_line)


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    # Parsing starts with clear() anyway; doing it first lets main() run
    # again in one process (tests), where registering would be refused.
    conf.CONF.clear()
    conf.CONF.register_cli_opt(CATEGORY)
    conf.parse_args(conf.CONF, argv, prog=PROG)
    url = conf.CONF.database.connection
    try:
        conf.CONF.category.func(url)
    except OPERATOR_ERRORS as error:
        print('%s: error: %s' % (PROG, _describe(error, url)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
