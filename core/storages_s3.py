"""The private storage in an S3-compatible bucket (django-storages), for several app servers.

Set PRIVATE_STORAGE=core.storages_s3.PrivateS3Storage and PRIVATE_STORAGE_OPTIONS (README). Imported only
then: it needs boto3.
"""

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from .storages import private_file_url

SIGNED_URL_SECONDS = 60


class PrivateS3Storage(S3Storage):
    """Objects carry no public grant; pages link to the site's permission-checking view, never to the bucket.

    After core.files has checked, PRIVATE_MEDIA_SERVE=redirect sends the browser to a signed address that
    works for a minute, so the bytes do not pass through the app server.
    """

    default_acl = "private"
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        return private_file_url(name)

    def signed_url(self, name, *, filename, content_type):
        parameters = {
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        }
        return super().url(name, parameters=parameters, expire=SIGNED_URL_SECONDS)
