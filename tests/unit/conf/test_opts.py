"""The oslo-config-generator entry point documents every option."""
import importlib
import pathlib
import pkgutil
import re

import pytest
from oslo_config import cfg
from oslo_config import generator

from ratingapi import conf as rconf
from ratingapi.conf import default
from ratingapi.conf import opts

# Every module of ratingapi/conf that declares options (one per group).
OPTION_MODULES = tuple(
    module for module in (
        importlib.import_module('%s.%s' % (rconf.__name__, info.name))
        for info in pkgutil.iter_modules(rconf.__path__))
    if hasattr(module, 'register_opts'))


def _group_name(group):
    return 'DEFAULT' if group is None else getattr(group, 'name', group)


def _generated(tmp_path, *namespaces):
    """Output of ``oslo-config-generator --namespace ...`` (real generator,
    through the installed entry points)."""
    output = tmp_path / 'ratingapi.conf.sample'
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    args = ['--output-file', str(output), '--wrap-width', '79']
    for namespace in namespaces:
        args += ['--namespace', namespace]
    conf(args)
    generator.generate(conf)
    return output.read_text()


def _sections(text):
    """{section: text of that section}."""
    parts = re.split(r'^\[([^\]]+)\]$', text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def test_option_modules_are_found():
    assert default in OPTION_MODULES
    assert opts not in OPTION_MODULES


def test_list_opts_covers_every_option_module():
    listed = {(_group_name(group), opt.dest)
              for group, options in opts.list_opts() for opt in options}
    expected = set()
    for module in OPTION_MODULES:
        group = getattr(module, 'GROUP', None)
        expected |= {(_group_name(group), opt.dest) for opt in module.opts}
    assert listed == expected


def _registered(conf):
    found = set()
    for name in conf:
        if isinstance(conf[name], cfg.ConfigOpts.GroupAttr):
            found |= {(name, opt) for opt in conf[name]}
        else:
            found.add(('DEFAULT', name))
    return found


def test_register_all_registers_every_listed_option():
    baseline = _registered(cfg.ConfigOpts())
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    listed = {(_group_name(group), opt.dest)
              for group, options in opts.list_opts() for opt in options}
    assert listed <= _registered(conf) - baseline


def test_option_modules_register_exactly_what_is_listed():
    baseline = _registered(cfg.ConfigOpts())
    conf = cfg.ConfigOpts()
    for module in OPTION_MODULES:
        module.register_opts(conf)
    listed = {(_group_name(group), opt.dest)
              for group, options in opts.list_opts() for opt in options}
    assert _registered(conf) - baseline == listed


@pytest.fixture(scope='module')
def sample(tmp_path_factory):
    return _generated(tmp_path_factory.mktemp('genconfig'), 'ratingapi')


@pytest.mark.parametrize('group, opt', [
    (_group_name(group), opt) for group, options in opts.list_opts()
    for opt in options], ids=lambda v: getattr(v, 'dest', v))
def test_generator_documents_every_option(sample, group, opt):
    section = _sections(sample)[group]
    # Commented-out "#name = default" line, preceded by its help text.
    match = re.search(r'^#%s = (.*)$' % re.escape(opt.dest), section,
                      re.MULTILINE)
    assert match, '%s.%s missing from the sample' % (group, opt.dest)
    first_words = ' '.join(opt.help.split()[:4])
    flat = ' '.join(line.lstrip('# ') for line in section.splitlines())
    assert first_words in ' '.join(flat.split())
    shown = match.group(1)
    if opt.sample_default is not None:
        assert shown == str(opt.sample_default)
    elif opt.default is None:
        assert shown == '<None>'
    elif isinstance(opt.default, bool):
        assert shown == str(opt.default).lower()
    else:
        assert shown == str(opt.default)


def test_generator_uses_sample_default_for_state_path(sample):
    # The sample must not bake the generating user's home directory in.
    section = _sections(sample)['DEFAULT']
    line = re.search(r'^#state_path = (.*)$', section, re.MULTILINE)
    assert line.group(1) == default.opts[-1].sample_default
    assert default._default_state_path() not in section


def test_project_defaults_reach_the_generator(tmp_path):
    text = _generated(tmp_path, 'ratingapi', 'oslo.middleware.cors')
    cors = _sections(text)['cors']
    allowed = re.search(r'^#allow_headers = (.*)$', cors, re.MULTILINE)
    assert 'OpenStack-API-Version' in allowed.group(1)
    exposed = re.search(r'^#expose_headers = (.*)$', cors, re.MULTILINE)
    assert 'OpenStack-API-Version' in exposed.group(1)


def test_generator_config_file_namespaces_exist(tmp_path):
    """etc/ratingapi/config-generator.conf (tox -e genconfig) must run."""
    root = pathlib.Path(__file__).resolve().parents[3]
    config = root / 'etc' / 'ratingapi' / 'config-generator.conf'
    namespaces = re.findall(r'^namespace = (\S+)$', config.read_text(),
                            re.MULTILINE)
    assert 'ratingapi' in namespaces
    text = _generated(tmp_path, *namespaces)
    for section in ('DEFAULT', 'api', 'database', 'keystone_authtoken',
                    'cors', 'oslo_policy'):
        assert '[%s]' % section in text
