"""On PostgreSQL a place longer than the column, or an id beyond a bigint, raised a
DataError (a 500) before the place was checked; now they are a 400 on every database."""

import pytest

from irp.reflections.models import Draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize("place", ["prompt:" + "1" * 34, "entry:99999999999999999999", "²" * 41])
def test_long_and_out_of_range_places_are_a_400_on_postgresql(client, people, place):
    client.force_login(people["practitioner_a"])
    response = client.post("/reflect/draft/", {"place": place, "body": "Half a thought."})
    assert response.status_code == 400
    assert not Draft.objects.exists()
