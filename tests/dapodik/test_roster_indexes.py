"""The indexes of dapodik_ptk, trimmed so a roster import pays fewer index inserts per row, keep every
uniqueness guarantee (dapodik.models.PTK, migration 0003)."""

import pytest
from django.db import IntegrityError, connection, transaction

from dapodik.models import PTK
from tests import factories as f

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalogue")


def _copy_of(ptk, **changes) -> PTK:
    """Another PTK of the same school with new identifiers, then ``changes``."""
    other = f.PTKFactory.build(sekolah=ptk.sekolah, user=None)
    for name, value in changes.items():
        setattr(other, name, value)
    return other


@pytest.mark.parametrize("field", ["nik", "nuptk", "nip", "email"])
def test_an_identifier_can_belong_to_one_ptk_only(field):
    ptk = f.PTKFactory()
    twin = _copy_of(ptk, **{field: getattr(ptk, field)})
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.pk = None
    setattr(twin, field, getattr(_copy_of(ptk), field))
    twin.save()  # the same PTK with a free value is accepted: only the shared value was refused


@pytest.mark.parametrize("field", ["nuptk", "nip", "email"])
def test_an_optional_identifier_may_be_empty_for_many_ptk(field):
    ptk = f.PTKFactory(**{field: None})
    _copy_of(ptk, **{field: None}).save()
    assert PTK.objects.filter(**{f"{field}__isnull": True}).count() == 2


def test_the_account_link_stays_one_to_one():
    ptk = f.PTKFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_of(ptk, user=ptk.user).save()


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [PTK._meta.db_table]
        )
        return dict(cursor.fetchall())


@postgres_only
def test_dapodik_ptk_has_one_index_per_guarantee_and_one_for_the_school_list():
    definitions = _indexes().values()
    columns = {d[d.rindex("(") + 1 : d.rindex(")")] for d in definitions}
    assert columns == {"id", "nik", "nuptk", "nip", "email", "user_id", "sekolah_id, nama"}
    assert len(definitions) == 7
    assert all("UNIQUE" in d for d in definitions if "sekolah_id" not in d)
    assert not any("pattern_ops" in d for d in definitions)
