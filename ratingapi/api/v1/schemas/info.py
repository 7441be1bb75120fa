"""Schemas of /v1/info (CloudKitty v1 shapes)."""
import voluptuous as vol

# What CloudKitty shows of a metric: its rating type, metadata and unit.
METRIC_INFO = {
    vol.Required('metric_id'): str,
    vol.Required('metadata'): [str],
    vol.Required('unit'): str,
}

GET_METRICS_RESPONSE = {vol.Required('metrics'): [METRIC_INFO]}

# The metrics file as parsed: validated when it was loaded, so only its
# outline is checked here. No file: no metrics.
GET_CONFIG_RESPONSE = {
    vol.Required('metrics'): {str: vol.Any(dict, [dict])},
}
