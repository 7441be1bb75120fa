"""/v1/rating/quote and /v1/rating/reload_modules.

A quote prices the posted resources with the modules enabled now and
answers the total as a JSON string, as CloudKitty does; a non-numeric
volume is a 400 (CloudKitty: 500).  Reloading is a no-op that answers 204:
every request already reads the modules' current state and rules.
"""
from ratingapi.api import hashmap as rules
from ratingapi.api import restful
from ratingapi.api.v1.schemas import quote as schemas
from ratingapi.api import validation
from ratingapi.policies import modules as module_policies
from ratingapi.policies import quote as policies
from ratingapi.rating import quote
from ratingapi.storage import points
from ratingapi.storage import hashmap as storage


class Quote(restful.Resource):
    capabilities = {'POST': 'quote:create'}

    @validation.response(schemas.PRICE)
    @validation.query({})
    @validation.body(schemas.QUOTE_BODY)
    def post(self, resources):
        context = self.context
        # A quote reads no stored data: the target is the caller's project.
        context.can(policies.QUOTE, {'project_id': context.project_id})
        wanted = [quote.Resource(service=item['service'],
                                 volume=item['volume'],
                                 groupby=item['desc'][0],
                                 metadata=item['desc'][1])
                  for item in resources]
        with self.services.database.reader() as connection:
            rating_chain = self.services.rater.chain(connection)
        prices = quote.price(wanted, rating_chain, now=storage.now(),
                             scope_key=self.services.settings.scope_key,
                             scope_text=points.scope_text)
        return rules.plain(sum(prices, start=quote.ZERO))


class ReloadModules(restful.Resource):
    capabilities = {'GET': 'modules:reload'}

    @validation.query({})
    def get(self):
        context = self.context
        context.can(module_policies.MODULE_CONFIG,
                    {'project_id': context.project_id})
        return None, 204
