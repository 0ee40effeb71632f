"""Accession numbers become part of the check the database makes: nothing but HISCM.<year>.<serial>.

Rows imported before the check with other separators ("HISCM/2009/777", "hiscm-2009-777") are rewritten
to dots. A number that cannot be rewritten (or whose rewrite is taken) stops the migration with a list,
so a cataloguer decides; nothing is renamed silently.
"""

import re

import django.core.validators
from django.db import migrations, models

PATTERN = r"\A[A-Z]+\.[0-9]{4}\.[0-9]+\Z"


def sort_key(number):
    return re.sub(r"\d+", lambda m: m.group(0).zfill(10), number)


def rewrite_bad_numbers(apps, schema_editor):
    Exhibit = apps.get_model("museum", "Exhibit")
    taken = set(Exhibit.objects.values_list("accession_number", flat=True))
    unfixable = []
    for exhibit in Exhibit.objects.only("pk", "accession_number").iterator():
        number = exhibit.accession_number
        if re.match(PATTERN, number):
            continue
        rewritten = ".".join(part for part in re.split(r"[^A-Za-z0-9]+", number.strip().upper()) if part)
        if not re.match(PATTERN, rewritten) or rewritten in taken:
            unfixable.append(number)
            continue
        Exhibit.objects.filter(pk=exhibit.pk).update(accession_number=rewritten, accession_sort=sort_key(rewritten))
        taken.discard(number)
        taken.add(rewritten)
    if unfixable:
        raise RuntimeError(
            "These accession numbers are not HISCM.<year>.<serial> and cannot be rewritten safely; "
            f"correct them in the admin, then migrate again: {', '.join(sorted(unfixable))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("museum", "0005_loans_condition_valuation_audits_exits"),
    ]

    operations = [
        migrations.RunPython(rewrite_bad_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exhibit",
            name="accession_number",
            field=models.CharField(
                help_text="HISCM.<year>.<serial>, e.g. HISCM.2009.12",
                max_length=40,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        re.compile(PATTERN),
                        "Write the accession number as HISCM.<year>.<serial>, for example HISCM.2009.12.",
                        code="bad_accession_number",
                    )
                ],
                verbose_name="accession number",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexhibit",
            name="accession_number",
            field=models.CharField(
                db_index=True,
                help_text="HISCM.<year>.<serial>, e.g. HISCM.2009.12",
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        re.compile(PATTERN),
                        "Write the accession number as HISCM.<year>.<serial>, for example HISCM.2009.12.",
                        code="bad_accession_number",
                    )
                ],
                verbose_name="accession number",
            ),
        ),
        migrations.AddConstraint(
            model_name="exhibit",
            constraint=models.CheckConstraint(
                condition=models.Q(accession_number__regex=PATTERN), name="exhibit_accession_number_format"
            ),
        ),
    ]
