"""/v1/rating/module_config/pyscripts: CloudKitty's rating scripts API.

A script is ``{script_id, name, data, checksum, created_at, start, end,
description, deleted, created_by, updated_by, deleted_by}``: ``data`` is
Python run on the points of the periods beginning in ``[start, end)``
(see ratingapi.rating.pyscripts), ``checksum`` its SHA-512, computed by
the server.  The date rules and the soft delete are the hashmap
mappings' (ratingapi.rating.validity).

Where CloudKitty is wrong this is not: a new script's ``start`` defaults
to the time of the request (CloudKitty's: the time its process started);
a PUT answers 200 (CloudKitty: 201, as if it created something); an
``end`` without a ``start`` is a 400 (CloudKitty: 500); a script that is
not valid Python is a 400 when it is written, not a failure when points
are rated; a PUT without ``data`` keeps the stored script (CloudKitty
empties it).  As in CloudKitty's other collections, PUT and DELETE also
take the id from the JSON body on the collection URL.

Writing a script is writing code that the service runs: every request
needs ``rating:module_config`` (administrators by default), and scripts
run only where an operator set ``[pyscripts] enable_execution``.
"""
from ratingapi.api import hashmap as rules
from ratingapi.api.v1 import module_config
from ratingapi.api.v1.schemas import pyscripts as schemas
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.rating import validity
from ratingapi.storage import pyscripts as storage

PREFIX = '/rating/module_config/pyscripts'


def script_to_wire(script, with_data=True):
    naive = rules.utc_naive
    wire = {
        'script_id': script.script_id, 'name': script.name,
        'data': script.data, 'checksum': script.checksum,
        'created_at': naive(script.created_at),
        'start': naive(script.start), 'end': naive(script.end),
        'description': script.description,
        'deleted': naive(script.deleted), 'created_by': script.created_by,
        'updated_by': script.updated_by, 'deleted_by': script.deleted_by}
    if not with_data:
        del wire['data']
    return wire


class _Pyscripts(module_config.Resource):

    def update(self, script_id, name, data, start, end, description):
        """CloudKitty's PUT: what is sent replaces what is stored (an
        omitted ``data`` excepted), within the date rules."""
        self.authorize()
        changes = {'name': name, 'start': start, 'end': end,
                   'description': description}
        if data is not None:
            changes['data'] = data
        now = storage.now()
        with self.session() as session:
            current = storage.get_script(session, script_id)
            allowed = validity.check_update(current, changes, now=now)
            script = storage.update_script(session, script_id,
                                           who=self.who(), **allowed)
        return script_to_wire(script)

    def delete_script(self, script_id):
        self.authorize()
        with self.session() as session:
            storage.delete_script(session, script_id, who=self.who())
        return None, 204


class Scripts(_Pyscripts):
    capabilities = {'GET': 'pyscripts-scripts:list',
                    'POST': 'pyscripts-scripts:create',
                    'PUT': 'pyscripts-scripts:update',
                    'DELETE': 'pyscripts-scripts:delete'}

    @validation.response(schemas.SCRIPTS)
    @validation.query(schemas.LIST_SCRIPTS_QUERY)
    def get(self, no_data, **filters):
        self.authorize()
        with self.reader() as connection:
            page = storage.list_scripts(connection, **filters)
        return {'scripts': [script_to_wire(script, with_data=not no_data)
                            for script in page.items]}

    @validation.response(schemas.SCRIPT)
    @validation.query(schemas.CREATE_SCRIPT_QUERY)
    @validation.body(schemas.SCRIPT_BODY)
    def post(self, force, name, data, start, end, description, **ignored):
        self.authorize()
        if end is not None and start is None:
            raise exceptions.InvalidInput(
                'A script with an end needs a start.', parameter='start')
        now = storage.now()
        # The time of this request (CloudKitty: its process's start).
        start = now if start is None else start
        validity.check_new(start, end, now=now, force=force)
        with self.session() as session:
            script = storage.create_script(
                session, name=name, data=data or '', description=description,
                start=start, end=end, who=self.who())
        return script_to_wire(script), 201, self.location(script.script_id)

    @validation.response(schemas.SCRIPT)
    @validation.query(schemas.SCRIPT_QUERY)
    @validation.body(schemas.PUT_SCRIPTS_BODY)
    def put(self, script_id, name, data, start, end, description,
            **ignored):
        return self.update(script_id, name, data, start, end, description)

    @validation.query(schemas.SCRIPT_QUERY)
    @validation.body(schemas.DELETE_SCRIPT_BODY)
    def delete(self, script_id):
        return self.delete_script(script_id)


class Script(_Pyscripts):
    capabilities = {'GET': 'pyscripts-scripts:show',
                    'PUT': 'pyscripts-scripts:update',
                    'DELETE': 'pyscripts-scripts:delete'}

    @validation.response(schemas.SCRIPT)
    @validation.query(schemas.SCRIPT_QUERY)
    @validation.path({'script_id': rules.path_id})
    def get(self, script_id):
        self.authorize()
        with self.reader() as connection:
            return script_to_wire(storage.get_script(connection, script_id))

    @validation.response(schemas.SCRIPT)
    @validation.query(schemas.SCRIPT_QUERY)
    @validation.body(schemas.SCRIPT_BODY)
    @validation.path({'script_id': rules.path_id})
    def put(self, script_id, name, data, start, end, description,
            **ignored):
        return self.update(script_id, name, data, start, end, description)

    @validation.query(schemas.SCRIPT_QUERY)
    @validation.path({'script_id': rules.path_id})
    def delete(self, script_id):
        return self.delete_script(script_id)


ROUTES = (
    ('/scripts', Scripts, 'pyscripts_scripts'),
    ('/scripts/<script_id>', Script, 'pyscripts_script'),
)
