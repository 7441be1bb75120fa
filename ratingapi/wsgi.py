"""WSGI entry point for gunicorn, uwsgi and mod_wsgi:
``ratingapi.wsgi:application``.

Config comes from ``$RATINGAPI_CONFIG_FILE`` or
``/etc/ratingapi/ratingapi.conf``; ``args=[]`` keeps the server's own
command-line flags away from oslo.config.
"""
from ratingapi import app
from ratingapi import conf

conf.parse_args(conf.CONF, args=[])
app.setup_logging(conf.CONF)
application = app.create_app(conf.CONF)
