# shellcheck shell=bash
#
# DevStack plugin for ratingapi.  DevStack sources this file once per phase
# with the mode in $1 (stack, unstack, clean) and, for "stack", the phase in
# $2 (pre-install, install, post-config, extra, test-config).
#
# SKELETON: no phase does anything yet.  Each function below says what its
# phase will do and only logs that it is not implemented; see README.rst.
# Nothing is installed, configured, registered in Keystone or started.

function _ratingapi_not_implemented {
    echo "ratingapi devstack plugin: $1: not implemented yet" >&2
}

# stack/install: install ratingapi from $RATINGAPI_DIR into DevStack's
# Python environment (with the postgresql extra when DevStack runs
# PostgreSQL).
function install_ratingapi {
    _ratingapi_not_implemented "install ratingapi from $RATINGAPI_DIR"
}

# stack/post-config: write $RATINGAPI_CONF -- [DEFAULT] auth_strategy,
# [database] connection on DevStack's database server,
# [keystone_authtoken] for the service user, [api] public_url set to the
# unversioned endpoint.
function configure_ratingapi {
    _ratingapi_not_implemented "write $RATINGAPI_CONF"
}

# stack/post-config: in Keystone, create the service user
# $RATINGAPI_SERVICE_USER (admin in the service project), a service of type
# "rating", and public and internal endpoints on the *unversioned* URL
# (clients discover /v1/ and /v2/ from it).
function create_ratingapi_accounts {
    _ratingapi_not_implemented \
        "create the rating service and endpoints at $(ratingapi_endpoint_url)"
}

# stack/post-config: create the database and bring its schema up to date
# with "ratingapi-manage --config-file $RATINGAPI_CONF db sync".
function init_ratingapi {
    _ratingapi_not_implemented "ratingapi-manage db sync"
}

# stack/extra: start ratingapi-api ($RATINGAPI_DEPLOY: uwsgi behind
# Apache, or gunicorn as a systemd unit), then wait until GET / on the
# endpoint answers 300.
function start_ratingapi {
    _ratingapi_not_implemented "start ratingapi-api ($RATINGAPI_DEPLOY)"
}

# stack/test-config: tell tempest that the rating service is available,
# for the ratingapi tempest plugin.
function configure_tempest_for_ratingapi {
    _ratingapi_not_implemented "configure tempest"
}

# unstack: stop the service.
function stop_ratingapi {
    _ratingapi_not_implemented "stop ratingapi-api"
}

# clean: remove the configuration, the uWSGI/Apache files or systemd
# unit, and the database.
function cleanup_ratingapi {
    _ratingapi_not_implemented "clean up"
}

# The unversioned URL that goes into the Keystone catalog.
function ratingapi_endpoint_url {
    local base="$RATINGAPI_SERVICE_PROTOCOL://$RATINGAPI_SERVICE_HOST"
    if [[ "$RATINGAPI_DEPLOY" == "gunicorn" ]]; then
        echo "$base:$RATINGAPI_SERVICE_PORT/"
    else
        echo "$base$RATINGAPI_URL_PREFIX/"
    fi
}

if is_service_enabled ratingapi-api; then
    case "$1" in
        stack)
            case "$2" in
                install)
                    install_ratingapi
                    ;;
                post-config)
                    configure_ratingapi
                    create_ratingapi_accounts
                    init_ratingapi
                    ;;
                extra)
                    start_ratingapi
                    ;;
                test-config)
                    if is_service_enabled tempest; then
                        configure_tempest_for_ratingapi
                    fi
                    ;;
            esac
            ;;
        unstack)
            stop_ratingapi
            ;;
        clean)
            cleanup_ratingapi
            ;;
    esac
fi
