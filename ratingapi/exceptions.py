"""Errors that carry their HTTP meaning, raised anywhere below the API.

Every error the API reports is one of these (or is turned into one by
``ratingapi.api.errors``), so its status, machine-readable code and title
are decided here, once::

    RatingError                    500 rating.internal-error
    ├── InvalidInput               400 rating.invalid-input
    │   ├── InvalidMicroversion    400 rating.microversion-invalid
    │   └── InvalidJSON            400 rating.invalid-json
    ├── Unauthorized               401 rating.unauthorized
    ├── Forbidden                  403 rating.forbidden
    ├── NotFound                   404 rating.not-found
    │   ├── UriNotFound            404 rating.uri-not-found
    │   └── VersionNotFound        404 rating.version-not-found
    ├── MethodNotAllowed           405 rating.method-not-allowed
    ├── UnsupportedMicroversion    406 rating.microversion-unsupported
    ├── Conflict                   409 rating.conflict
    │   └── ScriptFailed           409 rating.script-failed
    ├── RequestTooLarge            413 rating.request-too-large
    └── UnsupportedMediaType       415 rating.unsupported-media-type

``code`` values are part of the API: once published they never change.
"""


class RatingError(Exception):
    status = 500
    code = 'rating.internal-error'
    title = 'Internal Server Error'

    def __init__(self, detail=None, *, headers=(), **extra):
        self.detail = detail or self.title
        # Extra members of the error document (e.g. min_version).
        self.extra = extra
        # Extra response headers (e.g. Allow, WWW-Authenticate).
        self.headers = list(headers)
        super().__init__(self.detail)


class InvalidInput(RatingError):
    status = 400
    code = 'rating.invalid-input'
    title = 'Invalid input'


class InvalidMicroversion(InvalidInput):
    code = 'rating.microversion-invalid'
    title = 'Invalid microversion'


class InvalidJSON(InvalidInput):
    code = 'rating.invalid-json'
    title = 'Malformed JSON body'


class Unauthorized(RatingError):
    status = 401
    code = 'rating.unauthorized'
    title = 'Authentication required'


class Forbidden(RatingError):
    status = 403
    code = 'rating.forbidden'
    title = 'Forbidden'


class NotFound(RatingError):
    status = 404
    code = 'rating.not-found'
    title = 'Not found'


class UriNotFound(NotFound):
    code = 'rating.uri-not-found'
    title = 'Resource not found'


class VersionNotFound(NotFound):
    code = 'rating.version-not-found'
    title = 'API version not found'


class MethodNotAllowed(RatingError):
    status = 405
    code = 'rating.method-not-allowed'
    title = 'Method not allowed'


class UnsupportedMicroversion(RatingError):
    status = 406
    code = 'rating.microversion-unsupported'
    title = 'Requested microversion is unsupported'


class Conflict(RatingError):
    status = 409
    code = 'rating.conflict'
    title = 'Conflict'


class ScriptFailed(Conflict):
    """A rating script (pyscripts module) could not price the points:
    the request is fine, the rating configuration cannot rate it."""
    code = 'rating.script-failed'
    title = 'Rating script failed'


class RequestTooLarge(RatingError):
    status = 413
    code = 'rating.request-too-large'
    title = 'Request body too large'


class UnsupportedMediaType(RatingError):
    status = 415
    code = 'rating.unsupported-media-type'
    title = 'Unsupported media type'
