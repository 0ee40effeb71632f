"""What every import/export resource shares: natural keys, all-or-nothing imports, clear row errors."""

import io
import re

import openpyxl
import tablib
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    FieldError,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models, router
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its natural key (a slug, an accession number); an unknown key is a row error."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        # One lookup per key and import (NaturalKeyResource.before_import starts the memo): 10,000 exhibits
        # name a few dozen rooms and types.
        memo = getattr(self, "memo", None)
        if memo is not None and value in memo:
            return memo[value]
        try:
            found = super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None
        if memo is not None:
            memo[value] = found
        return found


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


class PreviewDiff(resources.Diff):
    """The cells of a row before and after, only for the rows the preview shows (NaturalKeyResource.preview_rows):
    reading and comparing every cell of 10,000 rows cost more than importing them."""

    def __init__(self, resource, instance, new):
        self.active = resource.preview_rows is None or resource.rows_diffed < resource.preview_rows
        if self.active:
            super().__init__(resource, instance, new)
        else:
            self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        if self.active:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.active else []


class NaturalKeyResource(resources.ModelResource):
    """Rows are matched by a natural key, so importing the same file twice changes nothing;
    a file with any bad row writes nothing, and the result names every bad row and why.

    With Meta.use_bulk (large tables: exhibits) the checked rows are written in batches with their history
    rows, not one by one in savepoints; the dry run (the preview) checks every row and writes none.
    """

    # How many new or changed rows keep their cells before and after (None: all); the runner (core.imports)
    # sets it, and `progress`, called with the number of rows done.
    preview_rows = None
    progress = None

    class Meta:
        # Unchanged rows are neither saved (no history, no "recent changes") nor listed in the preview; the
        # totals still count them.
        skip_unchanged = True
        report_skipped = False
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
        # An empty translation is NULL in some rows and "" in others (fixtures, older imports); an empty cell
        # keeps whichever is stored, or every such row would count as changed.
        empty_before = isinstance(field.widget, TextWidget) and getattr(instance, field.attribute, None) in ("", None)
        before = getattr(instance, field.attribute, None) if empty_before else None
        # Widgets raise more than ValueError (decimal.InvalidOperation, DoesNotExist): report them all as row errors.
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ArithmeticError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned) as error:
            raise ValueError(
                _("“%(value)s” is not a valid %(field)s.")
                % {"value": row.get(field.column_name), "field": field.column_name}
            ) from error
        if empty_before and getattr(instance, field.attribute, None) in ("", None):
            setattr(instance, field.attribute, before)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows_diffed = 0

    def get_diff_class(self):
        return PreviewDiff

    def import_row(self, row, instance_loader, **kwargs):
        # The preview numbers every row as the spreadsheet does (core.resources.spreadsheet_row).
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs.get("row_number")
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE) and row_result.diff:
            self.rows_diffed += 1
        if self.progress is not None:
            self.progress(kwargs.get("row_number") or 0)
        return row_result

    # --- Writing in batches (Meta.use_bulk) ---------------------------------------------------------------

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if self._meta.use_bulk:
            # What save() would have done: sort keys, the "updated" stamp, who made the history row.
            if hasattr(instance, "set_sort_keys") and not kwargs.get("dry_run"):
                instance.set_sort_keys()
            if hasattr(instance, "updated"):
                instance.updated = timezone.now()
            self._history_user = kwargs.get("user")

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and not dry_run:
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=batch_size,
                    default_user=self._bulk_user(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not dry_run:
            # Every column, as save() writes them (translations' plain columns and sort keys included).
            columns = [
                field.name
                for field in self._meta.model._meta.concrete_fields
                if not field.primary_key and not getattr(field, "auto_now_add", False)
            ]
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    columns,
                    batch_size=batch_size,
                    default_user=self._bulk_user(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.update_instances.clear()

    def _bulk_user(self):
        user = getattr(self, "_history_user", None)
        return user if getattr(user, "is_authenticated", False) else None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model.full_clean, less one query per related record and row: a record a SlugWidget found this import
        exists, so its field skips ForeignKey.validate (the database's foreign key still guarantees it);
        uniqueness and constraints still see every field."""
        errors = dict(import_validation_errors or {})
        if not self._meta.clean_model_instances:
            if errors:
                raise ValidationError(errors)
            return
        exclude = set(errors)
        found = {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, SlugWidget) and getattr(instance, f"{field.attribute}_id", None) is not None
        }
        steps = (
            lambda: instance.clean_fields(exclude=exclude | found),
            instance.clean,
            lambda: validate_unique and instance.validate_unique(exclude=exclude | self._keys_known_unique()),
            lambda: validate_constraints(instance, exclude=exclude),
        )
        for step in steps:
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            # As in full_clean: uniqueness and constraints only for fields that passed.
            exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        if errors:
            raise ValidationError(errors)

    def _keys_known_unique(self):
        """The natural key's fields, when the loader read every stored record the file names (one query): a new row's
        key is then in no stored record, and a key twice in the file is refused by before_import. The database's
        unique index still guards against a record added meanwhile."""
        if issubclass(self._meta.instance_loader_class, CachedInstanceLoader):
            return {self.fields[name].attribute for name in self.get_import_id_fields()}
        return set()

    def import_data(self, dataset, **kwargs):
        # The admin's confirm step does not pass this; a validation error must roll back there too.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Find keys that more than one row names: otherwise the last of them silently wins."""
        super().before_import(dataset, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, SlugWidget):
                field.widget.memo = {}
        rows_by_key = {}
        for number, row in enumerate(dataset.dict, 1):
            key = self._row_key(row)
            if any(key):  # a row without a key is refused on its own
                rows_by_key.setdefault(key, []).append(number)
        self._repeated_keys = {key: numbers for key, numbers in rows_by_key.items() if len(numbers) > 1}

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        numbers = getattr(self, "_repeated_keys", {}).get(self._row_key(row))
        if numbers:
            field = self.get_import_id_fields()[0]
            raise ValidationError(
                {
                    field: _("“%(key)s” appears in rows %(rows)s; a file may name each record only once.")
                    % {
                        "key": " / ".join(self._row_key(row)),
                        "rows": get_text_list([str(spreadsheet_row(number)) for number in numbers], _("and")),
                    }
                }
            )

    def _row_key(self, row):
        columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        return tuple(str(row.get(column) if row.get(column) is not None else "").strip() for column in columns)


class NotInPython(Exception):
    """A check constraint's condition that check_in_python does not evaluate (the database is asked instead)."""


def _compare(lookup, value, argument):
    if lookup == "isnull":
        return (value is None) == bool(argument)
    if value is None or argument is None:
        return None  # SQL: a comparison with NULL is unknown, and an unknown condition passes a check
    if lookup == "exact":
        return value == argument
    if lookup == "gte":
        return value >= argument
    if lookup == "gt":
        return value > argument
    if lookup == "lte":
        return value <= argument
    if lookup == "lt":
        return value < argument
    if lookup == "in":
        return value in argument
    if lookup == "regex" and isinstance(argument, str):
        return re.search(argument, str(value)) is not None
    raise NotInPython(lookup)


def check_in_python(condition, instance, opts):
    """A check constraint's condition (a Q of plain lookups on the model's own fields) evaluated on `instance` with
    SQL's three values: True, False, or None (unknown, which a check constraint lets pass). Raises NotInPython for
    anything else (joins, functions), so the caller asks the database as Django does. 10,000 rows asked the
    database 10,000 times, and building each query cost more than running it."""
    results = []
    for child in condition.children:
        if isinstance(child, models.Q):
            result = check_in_python(child, instance, opts)
        else:
            name, argument = child
            field_name, _sep, lookup = name.partition("__")
            lookup = lookup or "exact"
            if "__" in lookup:
                raise NotInPython(name)
            try:
                field = opts.get_field(field_name)
            except FieldDoesNotExist:
                raise NotInPython(name) from None
            if not field.concrete:
                raise NotInPython(name)
            if isinstance(argument, models.F):
                argument = getattr(instance, opts.get_field(argument.name).attname)
            elif hasattr(argument, "resolve_expression"):
                raise NotInPython(name)
            if lookup == "exact" and argument is None:
                lookup, argument = "isnull", True
            result = _compare(lookup, getattr(instance, field.attname), argument)
        results.append(result)
    if condition.connector == models.Q.AND:
        combined = False if False in results else (None if None in results else True)
    else:
        combined = True if True in results else (None if None in results else False)
    if condition.negated:
        combined = None if combined is None else not combined
    return combined


def _checks_pass(instance, conditions, exclude, using):
    """True when every check constraint holds for `instance`: in Python where it can (check_in_python), else in
    one query for them all."""
    try:
        return all(
            check_in_python(constraint.condition, instance, model._meta) is not False
            for model, constraint in conditions
            if not (exclude and constraint.condition.referenced_base_fields & set(exclude))
        )
    except (NotInPython, TypeError):
        pass
    if conditions:
        model = conditions[0][0]
        against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
        together = models.Q()
        for _model, constraint in conditions:
            together &= models.Q(constraint.condition)
        try:
            return together.check(against, using=using)
        except FieldError:
            return False  # one names an excluded field: ask them one by one, as Django does
    return False


def validate_constraints(instance, *, exclude):
    """Model.validate_constraints with the check constraints evaluated together (in Python where they are plain
    lookups, else in one query) instead of one query and savepoint per constraint. Only when one is false are
    they asked one by one, so the errors are exactly Django's."""
    using = router.db_for_write(type(instance), instance=instance)
    conditions = [
        (model, constraint)
        for model, constraints in instance.get_constraints()
        for constraint in constraints
        if isinstance(constraint, models.CheckConstraint)
    ]
    checks_pass = bool(conditions) and _checks_pass(instance, conditions, exclude, using)
    errors = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            if checks_pass and isinstance(constraint, models.CheckConstraint):
                continue
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# Data row 1 is the spreadsheet's row 2: the column names take row 1.
HEADER_ROWS = 1


def spreadsheet_row(number):
    """The row number a spreadsheet program shows for the `number`th data row of a file."""
    return number + HEADER_ROWS


def import_problems(result):
    """{spreadsheet row number: [message, …]} for every bad row of an import result, validation errors and others."""
    problems = {}
    for row in result.invalid_rows:
        for field, messages in row.field_specific_errors.items():
            problems.setdefault(spreadsheet_row(row.number), []).extend(f"{field}: {message}" for message in messages)
        problems.setdefault(spreadsheet_row(row.number), []).extend(row.non_field_specific_errors)
    for number, errors in result.row_errors():
        problems.setdefault(spreadsheet_row(number), []).extend(str(error.error) for error in errors)
    return dict(sorted(problems.items()))


# --- Spreadsheet safety ------------------------------------------------------------------------------

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (=HYPERLINK(...) leaks data, =cmd|... runs programs). Leading apostrophes are counted so that
# escaping can be undone exactly: "'=x" is written "''=x" and read back as "'=x".
FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
FORMULA_FIRST = frozenset("'=+-@\t\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def escape_formula(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe; numbers stay numbers."""
    # The first-character test keeps this cheap on datasets of 100,000 rows.
    if (
        isinstance(value, str)
        and value[:1] in FORMULA_FIRST
        and FORMULA_START.match(value)
        and not PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def unescape_formula(value):
    """The inverse of escape_formula, for a CSV that went out and comes back."""
    if isinstance(value, str) and value.startswith("'") and FORMULA_START.match(value[1:]):
        return value[1:]
    return value


def _map_cells(dataset, function):
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([function(cell) for cell in row])
    return copy


BYTE_ORDER_MARK = "\ufeff"


class SafeCSV(CSV):
    """CSV whose exported cells never start a formula; importing undoes the escaping.

    The file starts with a UTF-8 byte order mark, without which Excel reads it as the local code page and
    shows Chinese and Russian as mojibake; importing drops the mark again.
    """

    def export_data(self, dataset, **kwargs):
        return BYTE_ORDER_MARK + super().export_data(_map_cells(dataset, escape_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and in_stream.startswith(BYTE_ORDER_MARK.encode()):
            in_stream = in_stream[len(BYTE_ORDER_MARK.encode()) :]
        elif isinstance(in_stream, str):
            in_stream = in_stream.removeprefix(BYTE_ORDER_MARK)
        return _map_cells(super().create_dataset(in_stream, **kwargs), unescape_formula)


class SafeXLSX(XLSX):
    """XLSX whose text cells are stored as text: a value starting with "=" is shown, never calculated.

    openpyxl (under tablib) turns every string starting with "=" into a formula, so the sheet is written here.
    """

    def export_data(self, dataset, **kwargs):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(title=(dataset.title or "Sheet 1")[:31])
        sheet.append(list(dataset.headers or []))
        for row in dataset:
            sheet.append([xlsx_text(sheet, value) for value in row])
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()


def xlsx_text(sheet, value):
    """A write-only sheet's cell for `value`: text stays text even when it starts with "=" (openpyxl would
    write a formula), and characters a sheet cannot hold are dropped instead of failing the export."""
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
