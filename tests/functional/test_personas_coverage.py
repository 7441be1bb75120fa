"""The persona walk of the rating rules is complete, and it is right.

``gabbits/personas-*.yaml`` call every operation guarded by
``rating:module_config`` and ``rating:quote`` as every persona their
header lists.  Nothing here keeps a list of routes: the operations are
read from the rules (``ratingapi.policies.modules`` and ``quote``), the
personas from each file's header table, and which persona a test speaks
as from its identity headers.  So a route added to a rule without a
gabbi test for each persona, a test deleted, or a persona dropped from a
file fails here.

Each persona test must also expect what the rule's default decides for
that persona (computed by the real enforcer, target the caller's project
as the handlers pass it): an allowed persona gets no 401 or 403 and no
5xx, a refused one a 403 whose error document names the rule in the
dialect of its version.
"""
import pathlib
import re

import pytest
import yaml

from ratingapi import context
from ratingapi import middleware
from ratingapi.policies import modules
from ratingapi.policies import quote
from ratingapi import policy
from tests import appkit

GABBITS = pathlib.Path(__file__).parent / 'gabbits'
FILES = sorted(GABBITS.glob('personas-*.yaml'))
RULE_NAMES = (modules.MODULE_CONFIG, quote.QUOTE)
# (method, documented path) -> rule name, read from the rules.
OPERATIONS = {(operation['method'], operation['path']): rule.name
              for rule in modules.list_rules() + quote.list_rules()
              if rule.name in RULE_NAMES
              for operation in rule.operations}
METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
# The one identity of a header table that is no persona: whoever sets up
# the objects the personas work on.
OPERATOR = 'operator'

# "#   <name>  X-Roles: <roles>  X-Project-Id: <project>  X-User-Id: <user>"
# or "#   <name>  no identity headers at all" (the noauth default).
IDENTITY_RE = re.compile(
    r'^#\s+(?P<name>[a-z0-9-]+)\s+X-Roles:\s+(?P<roles>""|\S+)\s+'
    r'X-Project-Id:\s+(?P<project>\S+)\s+X-User-Id:\s+(?P<user>\S+)\s*$')
NOAUTH_RE = re.compile(r'^#\s+(?P<name>[a-z0-9-]+)\s+no identity headers '
                       r'at all\s*$')
# gabbi substitutions that stand for one path segment.
SUBSTITUTION_RE = re.compile(
    r"(\$HISTORY\['[^']*'\]\.)?\$(RESPONSE|HEADERS)\['[^']*'\]")


def _header_identities(text):
    """{name: (roles, project, user) or None} of a file's header."""
    identities = {}
    for line in text.splitlines():
        if not line.startswith('#'):
            break
        found = IDENTITY_RE.match(line)
        if found:
            roles = found['roles'].strip('"')
            identities[found['name']] = (
                roles, found['project'], found['user'])
        elif NOAUTH_RE.match(line):
            identities[NOAUTH_RE.match(line)['name']] = None
    return identities


def _load(path):
    text = path.read_text()
    document = yaml.safe_load(text)
    identities = _header_identities(text)
    personas = {name: identity for name, identity in identities.items()
                if name != OPERATOR}
    by_identity = {identity: name for name, identity in identities.items()}
    assert len(by_identity) == len(identities), (
        '%s: two names for one identity' % path.name)
    defaults = {key.lower(): value for key, value in (
        document.get('defaults', {}).get('request_headers') or {}).items()}
    tests = []
    for test in document['tests']:
        headers = dict(defaults)
        headers.update({key.lower(): value for key, value in (
            test.get('request_headers') or {}).items()})
        if 'x-roles' in headers:
            identity = (headers['x-roles'], headers.get('x-project-id'),
                        headers.get('x-user-id'))
        else:
            identity = None
        assert identity in by_identity, (
            '%s: test %r speaks as %r, who is not in the header table'
            % (path.name, test['name'], identity))
        tests.append((by_identity[identity], test))
    return personas, tests


LOADED = {path.name: _load(path) for path in FILES}


def _method_and_url(test):
    methods = [key for key in test if key in METHODS]
    if methods:
        [method] = methods
        return method, test[method]
    return test.get('method', 'GET').upper(), test['url']


def _path(url):
    """The path of a gabbi URL, each substitution one segment."""
    url = SUBSTITUTION_RE.sub('X', url)
    assert '$' not in url, 'a substitution this test cannot read: %s' % url
    return url.split('?')[0].rstrip('/')


def _pattern(documented):
    """A regex of a documented path: ``{rest}`` is the rest of the path,
    any other placeholder one segment."""
    parts = re.split(r'(\{[a-z_]+\})', documented)
    return re.compile('^%s$' % ''.join(
        '.+' if part == '{rest}' else '[^/]+' if part.startswith('{')
        else re.escape(part) for part in parts))


PATTERNS = {operation: _pattern(operation[1]) for operation in OPERATIONS}


def _operation(method, url):
    """The operation a URL reaches: of those it matches, the one with the
    fewest placeholders (static segments win, as in the router)."""
    path = _path(url)
    matches = [operation for operation, pattern in PATTERNS.items()
               if operation[0] == method and pattern.match(path)]
    if not matches:
        return None
    fewest = min(operation[1].count('{') for operation in matches)
    best = [operation for operation in matches
            if operation[1].count('{') == fewest]
    assert len(best) == 1, 'ambiguous: %s %s matches %s' % (method, url,
                                                            best)
    return best[0]


def _persona_tests(name):
    """(persona, operation, test) of a file's persona tests."""
    personas, tests = LOADED[name]
    return [(persona, _operation(*_method_and_url(test)), test)
            for persona, test in tests if persona in personas]


ENFORCER = policy.create_enforcer(appkit.make_conf())


def _allowed(rule, identity):
    if identity is None:
        # The noauth default: middleware.NoAuth makes it an admin of no
        # project.
        roles, project, user = ['admin'], None, middleware.NOAUTH_DEFAULT_USER
    else:
        roles, project, user = identity
        roles = roles.split(',') if roles else []
    ctx = context.RequestContext(enforcer=ENFORCER, roles=roles,
                                 project_id=project, user_id=user)
    return ENFORCER.authorize(rule, {'project_id': project}, ctx)


def test_there_are_persona_files():
    assert len(FILES) >= 1


@pytest.mark.parametrize('name', sorted(LOADED))
def test_header_lists_the_personas_of_the_issue(name):
    """Admins of the project and of another one, a member (and reader), a
    reader, no roles, a role nothing uses and the noauth default."""
    personas, _ = LOADED[name]
    identities = [identity for identity in personas.values()
                  if identity is not None]
    assert None in personas.values(), 'no noauth default persona'
    roles = [frozenset(filter(None, identity[0].split(',')))
             for identity in identities]
    admins = {identity[1] for identity in identities
              if identity[0] == 'admin'}
    assert len(admins) >= 2, 'admins of two projects'
    for wanted in ({'member', 'reader'}, {'reader'}, set()):
        assert frozenset(wanted) in roles, 'no persona with roles %s' % (
            sorted(wanted))
    known = {'admin', 'member', 'reader', 'service'}
    assert any(role_set and not role_set & known for role_set in roles), (
        'no persona with only a role nothing uses')


def test_every_file_lists_the_same_personas():
    assert len({tuple(sorted(personas.items(), key=str))
                for personas, _ in LOADED.values()}) == 1


@pytest.mark.parametrize('name', sorted(LOADED))
def test_every_persona_test_calls_an_operation_of_the_rules(name):
    strays = ['%s: %s %s' % ((test['name'],) + _method_and_url(test))
              for _, operation, test in _persona_tests(name)
              if operation is None]
    assert not strays


def _covered():
    """{operation: the personas some file calls it as}."""
    covered = {}
    for name in LOADED:
        for persona, operation, _ in _persona_tests(name):
            covered.setdefault(operation, set()).add(persona)
    return covered


COVERED = _covered()
EVERY_PERSONA = set().union(*(personas for personas, _ in LOADED.values()))


@pytest.mark.parametrize('operation', sorted(OPERATIONS),
                         ids=['%s %s' % operation
                              for operation in sorted(OPERATIONS)])
def test_operation_is_walked_by_every_persona(operation):
    missing = EVERY_PERSONA - COVERED.get(operation, set())
    assert not missing, '%s %s: no gabbi test as %s' % (
        operation + (', '.join(sorted(missing)),))


@pytest.mark.parametrize('name', sorted(LOADED))
def test_persona_tests_expect_what_the_default_decides(name):
    personas, _ = LOADED[name]
    wrong = []
    for persona, operation, test in _persona_tests(name):
        if operation is None:
            continue
        rule = OPERATIONS[operation]
        status = int(test.get('status', 200))
        error = test.get('response_error_document') or {}
        if _allowed(rule, personas[persona]):
            if status in (401, 403) or status >= 500:
                wrong.append('%s: %s allows %s, yet %d' % (
                    test['name'], rule, persona, status))
            continue
        v1 = operation[1].startswith('/v1/')
        expected = ({'dialect': 'legacy'} if v1 else
                    {'dialect': 'sig', 'code': 'rating.forbidden'})
        if (status != 403 or
                any(error.get(k) != v for k, v in expected.items()) or
                rule not in str(error.get('detail', ''))):
            wrong.append('%s: %s refuses %s: want 403 and an error '
                         'document %s naming the rule, got %d %s' % (
                             test['name'], rule, persona, expected, status,
                             error))
    assert not wrong
