"""Staff roles as data: which group may do what to which model.

The data migration `harbin_portal/migrations/0001_roles.py`, the `sync_roles` command and the
permission tests all read this one table, so the roles cannot drift apart.
"""

from django.db.models import Q

EDITORS = "Foreign affairs editors"
CATALOGUERS = "Museum cataloguers"
ADMINISTRATORS = "Portal administrators"

FULL = ("add", "change", "delete", "view")
EDIT = ("change", "view")
VIEW = ("view",)
# Administrators hold every permission that exists, users and groups included.
EVERYTHING = "__all__"

CITIES = ("city", "cityfigure", "partnership", "partnershipmilestone", "agreement", "contact", "source")
EVENTS = ("eventseries", "event", "participation", "participant", "session", "eventphoto")
MUSEUM = ("room", "objecttype", "donor", "exhibit", "exhibitimage", "movement")
# Delegations (issue 17): the review queue, letters, livestream links; passport details need their own permission.
DELEGATIONS = ("registrationwindow", "registration", "invitationletter", "streamlink")
# The SPECTRUM procedures beyond the inventory (issue 16).
MUSEUM_PROCEDURES = (
    "loan",
    "loanobject",
    "conditioncheck",
    "conditionpartnote",
    "conditionphoto",
    "audit",
    "auditentry",
)


def _grant(app_label, model_names, actions):
    return {f"{app_label}.{name}": actions for name in model_names}


ROLES = {
    EDITORS: {
        **_grant("cities", CITIES, FULL),
        **_grant("events", EVENTS, FULL),
        # Editors read the museum (which gifts a city gave) but do not catalogue.
        **_grant("museum", ("museum", *MUSEUM), VIEW),
        # Loans with partner cities, read-only (shown on the city's page); never values or condition notes.
        **_grant("museum", ("loan", "loanobject"), VIEW),
        # They run registration, review, badges, check-in and letters, and see passport details
        # (delegations.view_passport_registration) to write the letters.
        **_grant("delegations", DELEGATIONS, FULL),
        "delegations.registration": (*FULL, "view_passport"),
    },
    CATALOGUERS: {
        # There is one museum row: cataloguers keep it up to date but neither add nor delete it.
        "museum.museum": EDIT,
        **_grant("museum", MUSEUM, FULL),
        **_grant("museum", MUSEUM_PROCEDURES, FULL),
        # They propose exits; approving one (museum.approve_deaccession) is the administrators' alone.
        "museum.deaccession": ("add", "change", "view"),
        # No valuation permission: "view valuations" (museum.view_valuation) is given to a person on purpose.
        # Enough to link an exhibit to its giving city and the event where it was presented
        # (autocomplete needs view permission); agreements and contacts are not their business.
        **_grant("cities", ("city", "cityfigure", "partnership", "partnershipmilestone"), VIEW),
        # Exhibits and rooms cite their sources, so cataloguers record the publications they cite.
        "cities.source": ("add", "change", "view"),
        **_grant("events", EVENTS, VIEW),
    },
    ADMINISTRATORS: EVERYTHING,
}


def allowed_actions(role, model_label):
    """The actions ("add", "change", "delete", "view") `role` may take on `model_label` ("cities.city")."""
    grants = ROLES[role]
    if grants == EVERYTHING:
        return FULL
    return grants.get(model_label, ())


def permissions_for(role, Permission):
    """The Permission rows of a role. `Permission` is passed in so migrations can use their historical model."""
    grants = ROLES[role]
    if grants == EVERYTHING:
        return list(Permission.objects.all())
    wanted = Q(pk__in=[])
    expected = set()
    for label, actions in grants.items():
        app_label, model_name = label.split(".")
        if not _model_exists(Permission, app_label, model_name):
            # Migrating: this model comes in a later migration, which applies the roles again.
            continue
        for action in actions:
            codename = f"{action}_{model_name}"
            expected.add((app_label, codename))
            wanted |= Q(content_type__app_label=app_label, content_type__model=model_name, codename=codename)
    permissions = list(Permission.objects.filter(wanted).select_related("content_type"))
    missing = expected - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        # A typo in the table, or permissions not created yet: fail loudly rather than grant less.
        raise LookupError(f"Permissions missing for {role!r}: {sorted(missing)}")
    return permissions


def _model_exists(Permission, app_label, model_name):
    """Whether the model exists in the app registry `Permission` belongs to (a migration's is historical)."""
    try:
        Permission._meta.apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def apply_roles(Group, Permission):
    """Create each group if needed and set its permissions to exactly the table's. Running it twice changes nothing."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role, Permission))
