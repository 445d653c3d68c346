"""Five parallel submissions of one idempotency key store exactly one return (issue #7 §3).

Real threads, real transactions: on PostgreSQL in CI (scripts/test.sh) the unique
constraint on SubmissionKey.key and the row lock decide; on SQLite writes are serialised.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from households import services
from households.models import SubmissionKey, VillageReturn, VillageReturnLog
from indicators.models import DataValue

from .factories import GOOD, PushFactory, SurveyRoundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_parallel(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_five_parallel_submissions_of_one_key_store_one_return(world):
    survey_round = SurveyRoundFactory(campaign=PushFactory(commune=world.a1))

    def submit(_i):
        return services.village_return_submit(
            user=world.head, survey_round=survey_round, village=world.a1_v1, figures=GOOD, idempotency_key="same-key"
        )

    results, errors = run_parallel(5, submit)
    assert errors == []
    assert sorted(r.created for r in results) == [False, False, False, False, True]
    assert VillageReturn.objects.count() == 1
    assert SubmissionKey.objects.count() == 1
    assert VillageReturnLog.objects.filter(action="submit").count() == 1
    assert DataValue.objects.filter(unit=world.a1_v1).count() == 7


def test_parallel_same_key_with_different_figures_one_wins_the_rest_conflict(world):
    survey_round = SurveyRoundFactory(campaign=PushFactory(commune=world.a1))

    def submit(i):
        return services.village_return_submit(
            user=world.head,
            survey_round=survey_round,
            village=world.a1_v1,
            figures={**GOOD, "so_ho": 100 + i},
            idempotency_key="same-key",
        )

    results, errors = run_parallel(3, submit)
    assert len(results) == 1 and results[0].created
    assert len(errors) == 2 and all(isinstance(e, services.KeyConflict) for e in errors)
    assert VillageReturn.objects.get().so_ho == results[0].village_return.so_ho
