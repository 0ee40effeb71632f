from django.contrib.staticfiles.apps import StaticFilesConfig


class PortalStaticFilesConfig(StaticFilesConfig):
    """collectstatic without what no page loads: ReDoc (the API docs use Swagger UI) and source maps.
    Compressing those megabytes made every deploy, and the production test, much slower."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "drf_spectacular_sidecar/redoc/*", "*.map"]
