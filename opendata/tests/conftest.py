import datetime

import pytest

from cities.tests.factories import AgreementFactory, ContactFactory, MilestoneFactory, PartnerCityFactory
from core.publishing import Status
from events.tests.factories import EventFactory, ParticipationFactory, SessionFactory
from museum.tests.factories import DonorFactory, ExhibitFactory, ExhibitImageFactory


@pytest.fixture
def collection(db):
    """A small published collection with one of everything, and a draft beside each kind of record."""
    partner = PartnerCityFactory(
        name="Niigata", name_en="Niigata", name_zh_hans="新潟", name_ru="Ниигата", slug="niigata", country="JP"
    )
    draft_partner = PartnerCityFactory(name="Secret Town", slug="secret-town", status=Status.DRAFT)
    MilestoneFactory(partnership=partner.partnership)
    AgreementFactory(partnership=partner.partnership, title="Public agreement", is_public=True)
    AgreementFactory(partnership=partner.partnership, title="Confidential agreement", is_public=False)
    ContactFactory(partnership=partner.partnership, name="Hidden Contact", email="hidden@example.org")
    event = EventFactory(title="Winter Forum", title_en="Winter Forum", title_ru="Зимний форум", slug="winter-forum")
    EventFactory(title="Draft Event", slug="draft-event", status=Status.DRAFT)
    ParticipationFactory(event=event, city=partner, head_of_delegation="Mayor Nakahara")
    ParticipationFactory(event=event, city=draft_partner)
    SessionFactory(event=event)
    hidden_donor = DonorFactory(name="Anonymous Collector", show_publicly=False)
    vase = ExhibitFactory(
        accession_number="HISCM.2009.1",
        object_name="Vase",
        object_name_en="Vase",
        object_name_zh_hans="花瓶",
        object_name_ru="Ваза",
        origin_city=partner,
        presented_at=event,
        donor=hidden_donor,
        condition_note="Crack at the rim, do not show",
        acquisition_date=datetime.date(2009, 5, 1),
    )
    ExhibitImageFactory(exhibit=vase, caption="Front", credit="Photo: HISCM")
    draft_exhibit = ExhibitFactory(accession_number="HISCM.2009.2", object_name="Draft bowl", status=Status.DRAFT)
    return {"partner": partner, "draft_partner": draft_partner, "event": event, "vase": vase, "draft": draft_exhibit}
