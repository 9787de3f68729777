from django_tasks import task


@task()
def refresh_provisional_scores_task(year: int) -> int:
    """Score the counties of ``year`` not locked, for the city's ranking; returns how many."""
    from gongkai.city.services import refresh_provisional_scores

    return refresh_provisional_scores(year)
