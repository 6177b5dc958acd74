"""The Merkle tree follows RFC 6962: incremental roots equal the recursive definition, and
inclusion proofs verify exactly for the leaf they were made for."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from souverain.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_root,
    verify_inclusion,
)


def leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"record {i}".encode()) for i in range(n)]


def test_known_values_from_the_rfc_construction() -> None:
    a, b, c = leaves(3)
    assert tree_root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert tree_root([a]) == a
    assert tree_root([a, b, c]) == node_hash(node_hash(a, b), c)
    # Leaves and nodes are hashed with different prefixes: a leaf cannot pass for a node.
    assert leaf_hash(a + b) != node_hash(a, b)


@given(st.integers(min_value=0, max_value=70))
def test_the_frontier_root_equals_the_recursive_root(n: int) -> None:
    frontier = Frontier()
    for leaf in leaves(n):
        frontier.append(leaf)
    assert frontier.size == n
    assert frontier.root() == tree_root(leaves(n))
    # A frontier rebuilt from its stored hashes continues the same tree.
    again = Frontier(n, frontier.hashes)
    again.append(leaf_hash(b"next"))
    assert again.root() == tree_root([*leaves(n), leaf_hash(b"next")])


@given(st.integers(min_value=1, max_value=40), st.data())
def test_inclusion_proofs_verify_only_their_own_leaf(n: int, data: st.DataObject) -> None:
    tree = leaves(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    root = tree_root(tree)
    proof = inclusion_proof(index, tree)
    assert verify_inclusion(tree[index], index, n, proof, root)
    assert not verify_inclusion(leaf_hash(b"forged"), index, n, proof, root)
    if n > 1:
        other = (index + 1) % n
        assert not verify_inclusion(tree[index], other, n, proof, root)
