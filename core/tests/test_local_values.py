"""What each worker keeps in memory beside the shared cache: records' cards and derived values, bounded."""

from django.core.cache import cache

from core import cache as page_cache
from core.cache import LocalValues, kept_many


def test_kept_values_are_read_from_the_workers_memory_once_fetched():
    built = []

    def build(missing):
        built.append(list(missing))
        return {ident: f"<li>{ident}</li>" for ident in missing}

    assert kept_many("card:v1:", [1, 2], build, 60) == {1: "<li>1</li>", 2: "<li>2</li>"}
    cache.clear()  # the shared cache forgets: this worker still has them, with no round trip and no rebuild

    assert kept_many("card:v1:", [2, 1, 3], build, 60) == {1: "<li>1</li>", 2: "<li>2</li>", 3: "<li>3</li>"}
    assert built == [[1, 2], [3]]


def test_a_new_version_builds_again_and_a_write_in_this_worker_forgets_the_old():
    built = []

    def build(missing):
        built.append(list(missing))
        return {ident: f"v{len(built)}" for ident in missing}

    kept_many("card:v1:", [1], build, 60)
    assert kept_many("card:v2:", [1], build, 60) == {1: "v2"}  # the prefix names the content version

    page_cache._forget_local()
    cache.clear()
    assert kept_many("card:v2:", [1], build, 60) == {1: "v3"}


def test_values_found_in_the_shared_cache_are_kept_in_memory_too():
    cache.set("card:v1:7", "<li>7</li>", 60)

    assert kept_many("card:v1:", [7], lambda missing: {}, 60) == {7: "<li>7</li>"}
    cache.clear()
    assert kept_many("card:v1:", [7], lambda missing: {}, 60) == {7: "<li>7</li>"}


def test_expired_entries_are_not_served():
    local = LocalValues(entries=10, text_bytes=1_000, one_limit=1_000)
    local.put("a", "x", until=5.0)

    assert local.get("a", now=4.9) == ("x", 5.0, 1)
    assert local.get("a", now=5.0) is None


def test_memory_is_bounded_by_entries_and_by_the_size_of_their_text():
    local = LocalValues(entries=3, text_bytes=10, one_limit=6)
    local.put("too-big", "x" * 7, until=9)
    assert local.get("too-big", now=0) is None  # larger than one entry may be: never kept

    for key in "abc":
        local.put(key, "xxxx", until=9)  # 12 characters in all: over 10, the least recently used goes
    assert [key for key in "abc" if local.get(key, now=0)] == ["b", "c"]

    local.get("b", now=0)
    local.put("d", {"count": 1}, until=9)
    local.put("e", 3, until=9)  # four entries: over 3, "c" (least recently used) goes
    assert [key for key in "bcde" if local.get(key, now=0)] == ["b", "d", "e"]


def test_a_drawing_over_100_kb_is_kept_in_memory(monkeypatch):
    calls = []
    monkeypatch.setattr(page_cache, "content_version", lambda reads=(): "cities1")
    drawing = "<svg>" + "m" * 220_000 + "</svg>"

    def draw():
        calls.append(1)
        return drawing

    assert page_cache.cached_for_content("world-map:x", draw) == drawing
    cache.clear()
    assert page_cache.cached_for_content("world-map:x", draw) == drawing
    assert calls == [1]


def test_nothing_found_is_not_kept_so_junk_addresses_fill_no_cache(monkeypatch):
    calls = []
    monkeypatch.setattr(page_cache, "content_version", lambda reads=(): "events1")

    def look_up():
        calls.append(1)

    before = len(page_cache._local_values)
    assert page_cache.cached_for_content("event-record:no-such-event", look_up) is None
    assert page_cache.cached_for_content("event-record:no-such-event", look_up) is None
    assert calls == [1, 1]
    assert len(page_cache._local_values) == before
    assert cache.get("derived:event-record:no-such-event:en:events1") is None
