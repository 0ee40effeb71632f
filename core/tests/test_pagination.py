import pytest
from django.contrib.auth import get_user_model

from core.pagination import Chain, CountCachingPaginator, Whole

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def users():
    return [User.objects.create(username=f"user-{n:02}") for n in range(7)]


def _parts():
    everyone = User.objects.order_by("username").values_list("username", flat=True)
    return [Whole(everyone.filter(username__lte="user-01")), everyone.filter(username__gt="user-01")]


def test_a_chain_pages_its_parts_one_after_the_other(users):
    pages = CountCachingPaginator(Chain(_parts()), 3)
    assert pages.count == 7
    assert [list(pages.page(n).object_list) for n in (1, 2, 3)] == [
        ["user-00", "user-01", "user-02"],
        ["user-03", "user-04", "user-05"],
        ["user-06"],
    ]


def test_a_chain_asks_each_part_only_for_the_rows_of_the_page(users, django_assert_num_queries):
    chain = Chain(_parts())
    chain.count()
    # The page lies wholly in the second part: the first part is not asked.
    with django_assert_num_queries(1):
        assert chain[3:5] == ["user-03", "user-04"]


def test_a_chain_is_read_a_page_at_a_time(users):
    with pytest.raises(TypeError):
        Chain(_parts())[2]


def test_a_kept_count_tells_apart_lists_with_the_same_rows_but_not_the_same_filter(users):
    everyone = User.objects.order_by("username")
    assert CountCachingPaginator(everyone, 3).count == 7
    assert CountCachingPaginator(everyone.filter(username__gt="user-04"), 3).count == 2
    assert CountCachingPaginator(everyone.filter(username__gt="user-05"), 3).count == 1


def test_a_kept_value_is_computed_afresh_where_nothing_raises_versions(monkeypatch):
    """An app's tests without the site: no content version ever goes up, so nothing may be kept."""
    from core import cache as kept

    monkeypatch.setitem(kept._site, "content_apps", ())
    calls = []
    values = [kept.cached_for_content("answer", lambda: calls.append(1) or len(calls)) for _ in range(2)]
    assert values == [1, 2]


def test_the_parts_of_a_keyed_page_load_their_records_together_once(users, django_assert_num_queries):
    from core.cards import Keyed

    pks = [user.pk for user in users]
    first, second = Keyed(pks[:4], User.objects.all()).parts([pks[:2], pks[2:4]])
    with django_assert_num_queries(1):
        assert [user.username for user in first] == ["user-00", "user-01"]
        assert [user.username for user in second] == ["user-02", "user-03"]
    # Once loaded, the page's records are not asked for again.
    with django_assert_num_queries(0):
        assert second.load([pks[2]]) == {pks[2]: users[2]}


def test_kept_rows_keep_plain_values_only(users):
    from core.cache import kept_rows

    with pytest.raises(TypeError):
        kept_rows(User.objects.all())
    assert kept_rows(User.objects.order_by("username").values_list("username", flat=True)[:2]) == [
        "user-00",
        "user-01",
    ]


def test_a_chain_of_records_reads_them_and_a_chain_of_keys_keeps_them(users, django_assert_num_queries):
    everyone = User.objects.order_by("username")
    records = Chain([Whole(everyone.filter(username__lte="user-01")), everyone.filter(username__gt="user-01")])
    records.count()
    assert [user.username for user in records[1:3]] == ["user-01", "user-02"]
    keys = Chain(_parts())
    keys.count()
    assert keys[1:3] == ["user-01", "user-02"]
    again = Chain(_parts())
    again.count()
    with django_assert_num_queries(0):
        assert again[1:3] == ["user-01", "user-02"]
