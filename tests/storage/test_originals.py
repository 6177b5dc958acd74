from pathlib import Path

from souverain.storage.originals import Originals


def test_save_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    o = Originals(tmp_path)
    p = o.save("abcdef", b"data")
    assert p == tmp_path / "ab" / "cdef" and o.read("abcdef") == b"data"
    assert o.save("abcdef", b"data") == p
    assert o.stored() == {"abcdef"}


def test_garbage_collection_keeps_referenced_copies_and_drops_temporaries(tmp_path: Path) -> None:
    o = Originals(tmp_path)
    o.save("aa11", b"1")
    o.save("bb22", b"2")
    (tmp_path / "aa" / ".tmp-left-by-a-crash").write_bytes(b"half")
    assert o.collect_garbage({"aa11"}) == 1
    assert o.stored() == {"aa11"}
    assert not (tmp_path / "aa" / ".tmp-left-by-a-crash").exists()
