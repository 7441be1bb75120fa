"""Concurrency helpers for storage tests: each thread has its own
Database, as each API worker (a process) would."""
import threading

from ratingapi import storage


def outcome_name(outcome):
    """'ok' for a result, else the exception's class name."""
    return type(outcome).__name__ if isinstance(outcome, Exception) else 'ok'


def race(database_url, attempt, workers=4, timeout=30):
    """Run ``attempt(database, index)`` in ``workers`` threads released at
    once; each one's outcome: its result, or the exception it raised."""
    barrier = threading.Barrier(workers)
    outcomes = [None] * workers

    def run(index):
        database = storage.Database(database_url)
        try:
            barrier.wait()
            outcomes[index] = attempt(database, index)
        except Exception as error:
            outcomes[index] = error
        finally:
            database.dispose()

    threads = [threading.Thread(target=run, args=(index,))
               for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), 'a racer hung'
    return outcomes


def second_waits(database, database_url, first, second, timeout=10):
    """Run ``second(other database)`` while ``first(session)`` is not yet
    committed; check it waited for that commit; return its outcome (its
    result, or the exception it raised)."""
    other = storage.Database(database_url)
    outcome = []

    def run():
        try:
            outcome.append(second(other))
        except Exception as error:
            outcome.append(error)

    writer = threading.Thread(target=run)
    try:
        with database.session() as session:
            first(session)
            writer.start()
            writer.join(0.5)
            assert writer.is_alive(), 'the second writer did not wait'
        writer.join(timeout)
        assert not writer.is_alive(), 'the second writer hung'
    finally:
        other.dispose()
    return outcome[0]
