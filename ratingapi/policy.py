"""The oslo.policy enforcer (entry point ``oslo.policy.enforcer``)."""
from oslo_config import cfg
from oslo_policy import policy

from ratingapi import policies


def create_enforcer(conf):
    enforcer = policy.Enforcer(conf)
    enforcer.register_defaults(policies.list_rules())
    enforcer.load_rules()
    policy_dirs = [d for d in conf.oslo_policy.policy_dirs
                   if conf.find_file(d)]
    if not enforcer.policy_path and not policy_dirs:
        # No policy file to watch: stop the enforcer from searching the
        # config directories again on every single check.
        enforcer.use_conf = False
    return enforcer


def get_enforcer():
    """For the oslopolicy-* tools, which parse their own config first.

    Re-parsing here would make them ignore their ``--config-file``.
    """
    return create_enforcer(cfg.CONF)
