"""Path model: path sums against the forward pass (hypothesis, ties included), the path
graph against the width product, and eq (7) symbolically in rho with SymPy."""

import itertools
import random

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.models import ReLUNet
from symlandscape.paths import gated_expectation, input_output_paths, path_count, path_expansion, path_graph, path_sum
from symlandscape.provers.instancegen import random_qmatrix
from symlandscape.provers.paths import relu_instances

WIDTHS = st.lists(st.integers(1, 3), min_size=2, max_size=4)


@settings(max_examples=40, deadline=None)
@given(WIDTHS, st.integers(0, 10_000), st.sampled_from([1, 3, "2/3"]), st.booleans())
def test_path_sum_equals_forward_pass(widths, seed, q, zero_data):
    rng = random.Random(seed)
    X = random_qmatrix(rng, widths[0], 2, rank=0 if zero_data else None)
    net = ReLUNet(widths, X, random_qmatrix(rng, widths[-1], 2), q=q)
    W = [random_qmatrix(rng, widths[k + 1], widths[k], height=1) for k in range(len(widths) - 1)]   # many ties
    assert path_sum(net, W) == net.output(W)
    if sum(widths[:-1]) <= 6:
        assert sympy.Matrix(path_expansion(net, W, sample=2)) == sympy.Matrix(net.output(W).to_sympy()[:, 1])


def test_bundled_instances_have_ties():
    assert any(ReLUNet(i.widths, i.env["X"], i.env["Y"]).ties(i.weights) for i in relu_instances([[2, 2, 1]]))


@given(WIDTHS)
def test_path_graph_counts(widths):
    G = path_graph(widths)
    assert G.number_of_nodes() == sum(widths)
    assert G.number_of_edges() == sum(a * b for a, b in zip(widths, widths[1:]))
    for j in range(1, widths[-1] + 1):
        paths = list(input_output_paths(G, j))
        assert len(paths) == path_count(widths) and len({tuple(p) for p in paths}) == len(paths)


def test_eq7_symbolically_in_rho():
    # Exact expectation over every gate pattern, with rho a symbol: E[q sum_p Z_p t_p] with
    # q = 1/rho equals the linear network (A5u-m: gates independent of x and w).
    rho = sympy.Symbol("rho", positive=True)
    widths, W, x = [2, 2, 1], [[[1, -2], [3, 1]], [[2, -1]]], [5, -3]
    terms = [x[a] * W[0][b][a] * W[1][0][b] for a, b in itertools.product(range(2), range(2))]
    E = 0
    for gates in itertools.product((0, 1), repeat=len(terms)):
        pr = sympy.Mul(*[rho if g else 1 - rho for g in gates])
        E += pr * sum(g * t for g, t in zip(gates, terms))
    lin = sympy.Matrix(W[1]) * sympy.Matrix(W[0]) * sympy.Matrix(x)
    assert sympy.simplify(E / rho - lin[0]) == 0
    net = ReLUNet(widths, [[5], [-3]], [[0]], q=4)
    assert gated_expectation(net, W, "1/4").tolist()[0][0] == lin[0]


def test_true_relu_indicators_break_eq7():
    # minimal instance: one weight, one negative input: E with gates = w x, ReLU output 0
    v = sl.check_claim("PATH-7", {"model": "relu", "widths": [1, 1], "X": [[-1]], "Y": [[0]],
                                  "weights": [[[1]]]})
    assert v.status == "holds"
    gap = next(f for f in v.facts if f["key"] == "relu_gap")
    assert gap["value"] == [["1"]]      # Yhat - W X = 0 - (-1)


def test_paths_command_draws_and_checks(tmp_path, capsys):
    from pathlib import Path

    from symlandscape.cli import main
    ex = Path(__file__).resolve().parents[2] / "examples"
    out = tmp_path / "g.svg"
    assert main(["paths", str(ex / "relu_path5.json"), "--sample", "2", "--draw", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Psi = 4" in text and "edges on active paths at sample 2: 6" in text and "yes" in text
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml") and not list(tmp_path.glob("*.tmp*"))
    assert main(["paths", str(ex / "relu_path5.json"), "--sample", "9"]) == 2
    assert main(["paths", str(ex / "deep_linear_saddle.json")]) == 2
    assert main(["paths", str(ex / "relu_path5.json"), "--draw", str(tmp_path / "no" / "dir.svg")]) == 2
