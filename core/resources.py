"""What every import/export resource shares: natural keys, all-or-nothing imports, clear row errors."""

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from import_export import resources, widgets


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its natural key (a slug, an accession number); an unknown key is a row error."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class TextWidget(widgets.CharWidget):
    """Text; an empty cell is "" for NOT NULL columns and NULL for nullable ones (the translations),
    so that exporting and importing again finds every value unchanged."""

    def __init__(self, null=False):
        super().__init__(coerce_to_string=True, allow_blank=not null)
        self.null = null

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return None if self.null and value == "" else value


class CountryCodeWidget(widgets.CharWidget):
    """A country as its ISO 3166 code ("CN", "ru" accepted too)."""

    def clean(self, value, row=None, **kwargs):
        return (super().clean(value, row, **kwargs) or "").strip().upper()

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class NaturalKeyResource(resources.ModelResource):
    """Rows are matched by a natural key, so importing the same file twice changes nothing;
    a file with any bad row writes nothing, and the result names every bad row and why."""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = False

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, models.CharField | models.TextField):
            field.widget = TextWidget(null=django_field.null)
        return field

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Widgets raise more than ValueError (decimal.InvalidOperation, DoesNotExist): report them all as row errors.
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ArithmeticError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned) as error:
            raise ValueError(
                _("“%(value)s” is not a valid %(field)s.")
                % {"value": row.get(field.column_name), "field": field.column_name}
            ) from error

    def import_data(self, dataset, **kwargs):
        # The admin's confirm step does not pass this; a validation error must roll back there too.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


def import_problems(result):
    """{row number: [message, …]} for every bad row of an import result, validation errors and others alike."""
    problems = {}
    for row in result.invalid_rows:
        for field, messages in row.field_specific_errors.items():
            problems.setdefault(row.number, []).extend(f"{field}: {message}" for message in messages)
        problems.setdefault(row.number, []).extend(row.non_field_specific_errors)
    for number, errors in result.row_errors():
        problems.setdefault(number, []).extend(str(error.error) for error in errors)
    return dict(sorted(problems.items()))
