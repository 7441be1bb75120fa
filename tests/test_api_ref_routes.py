"""Every route of v1 and v2 has its page in the api-ref, and no page
documents a route that does not exist; every capability and every sample
is published too.

The operations served are read from ``ROUTES`` (each route's path, and the
HTTP methods its Resource class implements); the operations documented are
the ``.. rest_method:: METHOD /vN/path`` lines of the api-ref's ``.inc``
files, whose path parameters are written ``{name}`` where Flask writes
``<name>`` or ``<converter:name>``.

Coverage is per microversion too: the section of an operation whose route
has a ``min_version`` carries the line ``**New in version X.Y**`` with
exactly that version, and the section of any other operation carries no
such marker (nor any other "new in version" or ``versionadded`` text).
An alias route (``/v1/billing/...``, whose ``Route.alias_of`` is the
``/v1/rating/...`` path it repeats) is documented once for all, by the
rule ``.. rest_method:: METHOD /v1/billing/{path}``: an alias operation is
documented when that rule is, for its method, and its original is.
"""
import ast
import pathlib
import re

from flask import views

from ratingapi.api import microversion
from ratingapi.api import v1
from ratingapi.api import v2

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE = ROOT / 'api-ref' / 'source'

MAJORS = {1: v1.ROUTES, 2: v2.ROUTES}
REST_METHOD = re.compile(r'^\.\.\s+rest_method::\s+(\S+)\s+(\S+)\s*$')
FLASK_PARAMETER = re.compile(r'<(?:[^:<>]+:)?([^:<>]+)>')
LITERALINCLUDE = re.compile(r'^\.\.\s+literalinclude::\s+(\S+)\s*$')
# The one marker of an operation's microversion, a paragraph of its own.
MARKER = re.compile(r'^\*\*New in version ([0-9]+\.[0-9]+)\*\*$')
# Anything that reads as a marker, well formed or not.
MARKER_LIKE = re.compile(r'new in version|versionadded', re.IGNORECASE)

# The documented rule that stands for every alias route of a method.
ALIAS_RULE = '/v1%s/{path}' % v1.BILLING


def _methods(resource):
    """The HTTP methods a Resource class implements, upper case."""
    # HEAD is answered by Flask for every GET; only an explicit head()
    # makes it an operation of its own.
    return sorted(method.upper() for method in views.http_method_funcs
                  if callable(getattr(resource, method, None)))


def served_versions():
    """``{(METHOD, /vN/path): min_version or None}`` for every route and
    method of v1 and v2."""
    operations = {}
    for major, routes in MAJORS.items():
        for route in routes:
            path = '/v%d%s' % (major, FLASK_PARAMETER.sub(r'{\1}',
                                                          route.path))
            for method in _methods(route.resource):
                operations[(method, path)] = route.min_version
    return operations


def served():
    """``{(METHOD, /vN/path)}`` for every route and method of v1 and v2."""
    return set(served_versions())


def aliases():
    """``{(METHOD, alias path): (METHOD, original path)}`` of v1's aliases."""
    found = {}
    for route in v1.ROUTES:
        if route.alias_of is None:
            continue
        alias, original = ('/v1%s' % FLASK_PARAMETER.sub(r'{\1}', path)
                           for path in (route.path, route.alias_of))
        for method in _methods(route.resource):
            found[method, alias] = (method, original)
    return found


def _covered_by_alias_rule(documented_operations):
    """The alias operations that the alias rule documents."""
    return {alias for alias, original in aliases().items()
            if original in documented_operations
            and (alias[0], ALIAS_RULE) in documented_operations}


def _inc_files():
    return sorted(SOURCE.rglob('*.inc'))


def documented():
    """``{(METHOD, path): [file, ...]}`` from the rest_method lines."""
    found = {}
    for path in _inc_files():
        for line in path.read_text(encoding='utf-8').splitlines():
            match = REST_METHOD.match(line.strip())
            if match:
                method, url = match.groups()
                # A query string, if any, is not part of the route.
                url = url.split('?')[0]
                found.setdefault((method.upper(), url), []).append(
                    str(path.relative_to(SOURCE)))
    return found


def _is_underline(line):
    return len(line) >= 3 and set(line) == {'='}


def sections(path):
    """The titled sections of an ``.inc`` file: ``[(title, [line, ...])]``,
    a section running from its title to the next ``=``-underlined one."""
    lines = path.read_text(encoding='utf-8').splitlines()
    found = [('', [])]
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ''
        if line.strip() and not _is_underline(line) and _is_underline(
                following):
            found.append((line.strip(), []))
        found[-1][1].append(line)
    return found


def documented_markers():
    """``{(METHOD, path): (file, title, [marker, ...], [suspect, ...])}``:
    per operation, the versions of its section's well-formed markers and
    the marker-like lines that are not one."""
    found = {}
    for path in _inc_files():
        name = str(path.relative_to(SOURCE))
        for title, lines in sections(path):
            operations, markers, suspects = [], [], []
            for line in lines:
                method = REST_METHOD.match(line.strip())
                if method:
                    operations.append((method.group(1).upper(),
                                       method.group(2).split('?')[0]))
                    continue
                marker = MARKER.match(line.strip())
                if marker:
                    markers.append(marker.group(1))
                elif MARKER_LIKE.search(line):
                    suspects.append(line.strip())
            assert len(operations) <= 1, (
                '%s: section %r documents several operations: %r'
                % (name, title, operations))
            for operation in operations:
                found[operation] = (name, title, markers, suspects)
    return found


def _versioned(operation):
    return re.match(r'^/v[0-9]+(/|$)', operation[1]) is not None


def _listing(operations):
    return '\n'.join('  %s %s' % operation for operation in sorted(
        operations))


def test_the_route_table_is_read():
    operations = served()
    # A guard against a parser that finds nothing and so proves nothing.
    assert ('GET', '/v2/rating/modules/{module_id}') in operations
    assert ('PUT', '/v1/rating/modules/{module_id}') in operations
    assert ('POST', '/v2/scope') in operations
    assert not any('<' in path or '>' in path for _, path in operations)
    assert aliases()['POST', '/v1/billing/quote'] == (
        'POST', '/v1/rating/quote')


def test_every_route_under_rating_has_its_alias():
    rating = {operation for operation in served()
              if operation[1].startswith('/v1%s/' % v1.RATING)}
    assert rating and set(aliases().values()) == rating


def test_every_route_has_a_page():
    pages = set(documented())
    missing = served() - pages - _covered_by_alias_rule(pages)
    assert not missing, (
        'routes with no ".. rest_method::" line in api-ref/source/**/*.inc:'
        '\n' + _listing(missing))


def test_every_page_documents_a_route():
    # The unversioned root (GET and HEAD /) is not in ROUTES.
    alias_rules = {(method, ALIAS_RULE) for method, _ in aliases()}
    stale = {operation for operation in documented()
             if _versioned(operation)} - served() - alias_rules
    assert not stale, (
        'api-ref documents operations that ROUTES does not serve:\n'
        + _listing(stale))


def test_every_route_is_documented_once():
    twice = {operation: files for operation, files in documented().items()
             if len(files) > 1}
    assert not twice, 'documented more than once: %r' % twice


def test_every_capability_is_described():
    text = (SOURCE / 'versions.inc').read_text(encoding='utf-8')
    names = {cap.name for version in (v1.VERSION, v2.VERSION)
             for cap in version.capabilities}
    missing = sorted(name for name in names if '``%s``' % name not in text)
    assert not missing, (
        'capabilities not named in api-ref/source/versions.inc: %s'
        % ', '.join(missing))


def test_every_sample_is_published():
    samples = SOURCE / 'samples'
    included = set()
    for path in [SOURCE / 'index.rst'] + _inc_files():
        for line in path.read_text(encoding='utf-8').splitlines():
            match = LITERALINCLUDE.match(line.strip())
            if match:
                # Every .inc is included by index.rst, at the top of the
                # source tree: relative and absolute targets start there.
                included.add((SOURCE / match.group(1).lstrip('/')).resolve())
    on_disk = {path.resolve() for path in samples.rglob('*.json')}
    unused = sorted(str(path.relative_to(samples))
                    for path in on_disk - included)
    assert not unused, 'samples no page includes: %s' % ', '.join(unused)


def test_the_microversion_markers_are_read():
    # A guard against a parser that finds no marker and so proves nothing.
    markers = documented_markers()
    assert markers[('POST', '/v2/rating/quote')][2] == ['2.2']
    assert markers[('GET', '/v2/summary')][2] == []


def test_every_operation_is_marked_with_its_microversion():
    markers = documented_markers()
    wrong = []
    for operation, min_version in sorted(served_versions().items(),
                                         key=lambda item: item[0]):
        if operation not in markers:
            continue  # test_every_route_has_a_page names it
        name, title, found, suspects = markers[operation]
        expected = [min_version] if min_version else []
        if found != expected or suspects:
            wrong.append('  %s %s (%s, %r): expected %s, found %s%s' % (
                operation[0], operation[1], name, title,
                '"**New in version %s**"' % min_version if min_version
                else 'no marker',
                ', '.join(found) or 'none',
                '; not a well-formed marker: %r' % suspects if suspects
                else ''))
    assert not wrong, (
        'operations whose "**New in version X.Y**" line does not match '
        'their route\'s min_version:\n' + '\n'.join(wrong))


def test_the_microversion_selector_spans_v2():
    tree = ast.parse((SOURCE / 'conf.py').read_text(encoding='utf-8'))
    settings = {target.id: node.value.value for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
                and isinstance(node.value, ast.Constant)}
    assert (settings['os_api_ref_min_microversion'],
            settings['os_api_ref_max_microversion']) == (
        microversion.format(v2.VERSION.min_version),
        microversion.format(v2.VERSION.max_version))
