"""[api] options: how the HTTP service listens and behaves."""
from oslo_config import cfg

GROUP = 'api'


def group():
    # A new OptGroup per ConfigOpts: oslo.config copies a registered group
    # only shallowly, so sharing one would share overrides between configs.
    return cfg.OptGroup(GROUP, title='HTTP API options')


opts = [
    cfg.HostAddressOpt('host', default='127.0.0.1',
                       help='Address ratingapi-api binds to.'),
    cfg.PortOpt('port', default=8889,
                help='Port ratingapi-api binds to (CloudKitty uses 8889).'),
    cfg.IntOpt('workers', default=2, min=1,
               help='Number of gunicorn worker processes started by '
                    'ratingapi-api.'),
    cfg.URIOpt('public_url', schemes=['http', 'https'],
               help='Public URL of the unversioned root, for example '
                    'https://api.example.com/rating. When set, every link '
                    'in the version and capability documents is built from '
                    'it, whatever the request or proxy headers say.'),
    cfg.BoolOpt('enable_proxy_headers_parsing', default=False,
                help='Trust X-Forwarded-Proto, X-Forwarded-Host and '
                     'X-Forwarded-Prefix from the proxy in front of the '
                     'service when building links. Enable only behind a '
                     'proxy that sets (and strips) these headers.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Largest page size a list request may ask for.'),
    cfg.IntOpt('max_points_per_request', default=10000, min=1,
               help='Largest number of rated data points one POST '
                    '/v2/dataframes may carry; more is a 400.'),
    cfg.IntOpt('max_v1_dataframes_points', default=10000, min=1,
               help='Largest number of rated data points one GET '
                    '/v1/storage/dataframes returns (v1 has no pages): a '
                    'period holding more is a 400 that asks for a '
                    'narrower one, or for GET /v2/dataframes, which '
                    'pages.'),
    cfg.IntOpt('max_request_body_size', default=1024 * 1024, min=1,
               help='Largest request body accepted, in bytes; larger '
                    'requests get 413.'),
    cfg.URIOpt('errors_help_url',
               default='https://docs.openstack.org/api-ref/rating/',
               help='Documentation page that error documents link to as '
                    'their "help" link (the error code is appended as the '
                    'fragment). Point it at wherever your copy of the '
                    'api-ref is published.'),
    cfg.BoolOpt('strict_checks', default=False,
                help='Answer 500 instead of logging a warning when a '
                     'response does not match its declared schema, or when '
                     'a route answered 2xx without checking policy. For '
                     'tests: the test suite turns this on.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
