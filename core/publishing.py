"""Draft and published: the status every public record carries, and the QuerySet that reads it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def sees_drafts(user):
    """The one visibility rule: staff see drafts (with a "draft" badge); everyone else sees published records only."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


def visible(record, user):
    """`record` if `user` may see it, else None: a draft is neither linked nor named to visitors."""
    if record is None or (record.status != Status.PUBLISHED and not sees_drafts(user)):
        return None
    return record


class PublishableQuerySet(models.QuerySet):
    # Fields that search() matches; trigram-indexed on PostgreSQL (harbin_portal/migrations/0002_search_trigram.py).
    search_fields = ()

    def search(self, text):
        """Records whose search fields contain `text`, case-insensitively; all of them for empty text."""
        text = (text or "").strip()
        if not text or not self.search_fields:
            return self
        condition = models.Q()
        for field in self.search_fields:
            condition |= models.Q(**{f"{field}__icontains": text})
        return self.filter(condition)

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def visible_to(self, user):
        """Staff see drafts too (with a badge); everyone else sees published records only."""
        return self if sees_drafts(user) else self.published()


class PublicRecord(models.Model):
    """Fields shared by every record the public can see."""

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Which document, or who, this record comes from."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_draft(self):
        return self.status == Status.DRAFT
