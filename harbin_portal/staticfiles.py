from django.contrib.staticfiles.apps import StaticFilesConfig


class PortalStaticFilesConfig(StaticFilesConfig):
    """collectstatic without what no page loads: ReDoc (the API docs use Swagger UI). Source maps stay: the
    manifest storage follows the sourceMappingURL comments of the scripts that name them.
    Compressing those 5 MB made every deploy, and the production test, slower."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "drf_spectacular_sidecar/redoc/*"]
