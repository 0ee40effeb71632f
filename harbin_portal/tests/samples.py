"""One record of every model, for the tests that walk the whole admin."""

from django.contrib.auth.models import Group
from django.utils import timezone

from cities.tests.factories import AgreementFactory, CityFigureFactory, ContactFactory, MilestoneFactory, SourceFactory
from cities.tests.factories import CityFactory as PartnerCityFactory
from delegations.tests.factories import (
    InvitationLetterFactory,
    RegistrationFactory,
    RegistrationWindowFactory,
    StreamLinkFactory,
)
from events.tests.factories import (
    EventFactory,
    EventPhotoFactory,
    EventSeriesFactory,
    ParticipantFactory,
    ParticipationFactory,
    SessionFactory,
)
from harbin_portal import roles
from museum.models import Movement
from museum.tests.factories import (
    AuditFactory,
    ConditionCheckFactory,
    DeaccessionFactory,
    DonorFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LoanFactory,
    MuseumFactory,
    ObjectTypeFactory,
    ValuationFactory,
)


def sample_objects(user):
    """One saved record of every domain model, keyed by model label."""
    milestone = MilestoneFactory()
    partnership = milestone.partnership
    event = EventFactory()
    exhibit = ExhibitFactory()
    objects = {
        "cities.city": partnership.city,
        "cities.partnership": partnership,
        "cities.partnershipmilestone": milestone,
        "cities.agreement": AgreementFactory(partnership=partnership),
        "cities.contact": ContactFactory(partnership=partnership),
        "cities.cityfigure": CityFigureFactory(city=PartnerCityFactory()),
        "cities.source": SourceFactory(),
        "events.eventseries": EventSeriesFactory(),
        "events.event": event,
        "events.participation": ParticipationFactory(event=event),
        "events.participant": ParticipantFactory(event=event),
        "events.session": SessionFactory(event=event),
        "events.eventphoto": EventPhotoFactory(event=event),
        "museum.museum": MuseumFactory(),
        "museum.room": exhibit.room,
        "museum.objecttype": ObjectTypeFactory(),
        "museum.donor": DonorFactory(),
        "museum.exhibit": exhibit,
        "museum.exhibitimage": ExhibitImageFactory(exhibit=exhibit),
        "museum.movement": Movement.objects.create(exhibit=exhibit, to_room=exhibit.room, moved_at=timezone.now()),
        "museum.loan": LoanFactory(),
        "museum.conditioncheck": ConditionCheckFactory(exhibit=exhibit),
        "museum.valuation": ValuationFactory(exhibit=exhibit),
        "museum.audit": AuditFactory(room=exhibit.room),
        "museum.deaccession": DeaccessionFactory(exhibit=exhibit),
        "delegations.registrationwindow": RegistrationWindowFactory(),
        "delegations.registration": RegistrationFactory(with_passport=True),
        "delegations.invitationletter": InvitationLetterFactory(),
        "delegations.streamlink": StreamLinkFactory(event=event),
        "auth.user": user,
        "auth.group": Group.objects.get(name=roles.EDITORS),
    }
    return objects
