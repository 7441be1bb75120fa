"""/v2/rating/quote (from 2.2): the price of resources, now.

Unlike v1's (one total as a JSON string), it answers the total and each
resource's price, as exact JSON numbers.  A resource names its metric
type (``service``), its ``volume`` and the ``groupby`` and ``metadata``
a rated point of it would carry; the tenant rules of the scope its
groupby names apply.
"""
from ratingapi.api import restful
from ratingapi.api.v2.schemas import quote as schemas
from ratingapi.api import validation
from ratingapi.policies import quote as policies
from ratingapi.rating import quote
from ratingapi.storage import amount
from ratingapi.storage import points
from ratingapi.storage import hashmap as storage


class Quote(restful.Resource):
    capabilities = {'POST': 'quote:create'}

    @validation.response(schemas.QUOTE)
    @validation.query({})
    @validation.body(schemas.QUOTE_BODY)
    def post(self, resources):
        context = self.context
        # A quote reads no stored data: the target is the caller's project.
        context.can(policies.QUOTE, {'project_id': context.project_id})
        wanted = [quote.Resource(**item) for item in resources]
        with self.services.database.reader() as connection:
            rating_chain = self.services.rater.chain(connection)
        prices = quote.price(wanted, rating_chain, now=storage.now(),
                             scope_key=self.services.settings.scope_key,
                             scope_text=points.scope_text)
        return {
            'total': amount.plain(sum(prices, start=quote.ZERO)),
            'resources': [{'service': item.service,
                           'volume': amount.plain(item.volume),
                           'price': amount.plain(price)}
                          for item, price in zip(wanted, prices)]}
