from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gongkai.agencies.models import Agency
from gongkai.publishing import indexno
from gongkai.publishing.models import IndexSerial


def test_index_number_is_the_national_twenty_character_form_with_an_organisation_code(
    binhe: Agency,
) -> None:
    binhe.code = "01527918X"
    binhe.save(update_fields=["code"])
    first = indexno.allocate(binhe, 2018)
    assert first == "01527918X/2018-00001"
    assert len(first) == 20
    assert indexno.allocate(binhe, 2018) == "01527918X/2018-00002"
    assert indexno.allocate(binhe, 2019) == "01527918X/2019-00001"


def test_the_credit_code_is_accepted_as_the_front_part(binhe: Agency) -> None:
    number = indexno.allocate(binhe, 2024)
    assert number == f"{binhe.code}/2024-00001"
    assert indexno.NATIONAL.match(number)


def test_an_agency_without_a_code_cannot_get_an_index_number(binhe: Agency) -> None:
    binhe.code = ""
    with pytest.raises(indexno.IndexNumberError, match="未设置统一社会信用代码或组织机构代码"):
        indexno.allocate(binhe, 2024)


def test_imported_numbers_move_the_counter_so_nothing_is_reused(binhe: Agency) -> None:
    indexno.reserve_imported([f"{binhe.code}/2021-00050", "0142768-8/2022-00185"])
    assert indexno.allocate(binhe, 2021) == f"{binhe.code}/2021-00051"
    indexno.reserve_imported([f"{binhe.code}/2021-00010"])  # lower: no effect
    assert indexno.allocate(binhe, 2021) == f"{binhe.code}/2021-00052"


@pytest.mark.parametrize(
    "value",
    [
        "11441700007280420Y/2021-00050",
        "11341702486344515H/202110-00013",
        "0142768-8/2022-00185",
        "014416330/2018-04736",
        "00000001/2018-00042",
        "01527918X-2020-153077",
    ],
)
def test_historical_variants_are_accepted_as_they_are(value: str) -> None:
    assert indexno.check_historical(f" {value} ") == value


@pytest.mark.parametrize("value", ["", "索引号", "abc", "12/ 2018", "x" * 41])
def test_malformed_historical_numbers_are_refused(value: str) -> None:
    with pytest.raises(indexno.IndexNumberError, match="格式不正确"):
        indexno.check_historical(value)


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_collide(binhe: Agency) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                from django.db import transaction

                with transaction.atomic():
                    results.append(indexno.allocate(binhe, 2030))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 80
    assert len(set(results)) == 80
    assert sorted(results)[-1] == f"{binhe.code}/2030-00080"
    assert IndexSerial.objects.get(prefix=binhe.code, year=2030).last == 80
