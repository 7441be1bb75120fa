"""What the composition root hands to every app and resource."""
import dataclasses

from ratingapi import metrics as metric_definitions
from ratingapi.rating import chain


@dataclasses.dataclass(frozen=True)
class Settings:
    public_url: str | None
    max_limit: int
    max_request_body_size: int
    errors_help_url: str
    strict_checks: bool
    max_points_per_request: int
    scope_key: str
    default_collector: str
    default_fetcher: str
    max_v1_dataframes_points: int

    @classmethod
    def from_conf(cls, conf):
        return cls(public_url=conf.api.public_url,
                   max_limit=conf.api.max_limit,
                   max_request_body_size=conf.api.max_request_body_size,
                   errors_help_url=conf.api.errors_help_url,
                   strict_checks=conf.api.strict_checks,
                   max_points_per_request=conf.api.max_points_per_request,
                   scope_key=conf.collect.scope_key,
                   default_collector=conf.collect.collector,
                   default_fetcher=conf.fetcher.backend,
                   max_v1_dataframes_points=(
                       conf.api.max_v1_dataframes_points))


@dataclasses.dataclass(frozen=True)
class Services:
    settings: Settings
    database: object  # ratingapi.storage.Database
    # The module chain, one per process (it caches compiled rules).
    rater: chain.Rater = dataclasses.field(default_factory=chain.Rater)
    # The metric definitions of [collect] metrics_conf, read at start.
    metrics: metric_definitions.Metrics = dataclasses.field(
        default_factory=metric_definitions.Metrics)
