"""The sigmoid neuron's ball enclosures against SymPy differentiation evaluated by mpmath."""

from fractions import Fraction

import flint
import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.models import SigmoidNeuron
from symlandscape.models.sigmoid import NotExact

small = st.fractions(min_value=-3, max_value=3, max_denominator=7)


def _contains(ball, value: mpmath.mpf) -> bool:
    lo, hi = ball.lower(), ball.upper()
    return float(lo) - 1e-30 <= float(value) <= float(hi) + 1e-30 and \
        mpmath.mpf(lo.str(40, radius=False)) - mpmath.mpf(10) ** -35 <= value <= \
        mpmath.mpf(hi.str(40, radius=False)) + mpmath.mpf(10) ** -35


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3).flatmap(lambda d: st.tuples(
    st.just(d), st.integers(1, 4).flatmap(lambda m: st.tuples(
        st.lists(st.lists(small, min_size=m, max_size=m), min_size=d, max_size=d),
        st.lists(st.fractions(min_value=0, max_value=1, max_denominator=5), min_size=m, max_size=m))),
    st.lists(small, min_size=d, max_size=d))))
def test_enclosures_contain_sympy_derivatives(arg):
    d, (X, y), w = arg
    net = SigmoidNeuron([d, 1], [[str(x) for x in r] for r in X], [[str(v) for v in y]])
    sym = net.symbolic()
    ws, L = sym["w"], sym["loss"]
    point = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(ws, w)}
    with mpmath.workdps(50):
        ref_L = sympy.N(L.subs(point), 50)
        ref_g = [sympy.N(sympy.diff(L, a).subs(point), 50) for a in ws]
        ref_H = [[sympy.N(sympy.diff(L, a, b).subs(point), 50) for b in ws] for a in ws]
        flint.ctx.prec = 128
        try:
            bl, bg, bH = net.enclose([flint.arb(flint.fmpq(v.numerator, v.denominator)) for v in w])
        finally:
            flint.ctx.prec = 53
        assert _contains(bl, mpmath.mpf(str(ref_L)))
        for j in range(d):
            assert _contains(bg[j], mpmath.mpf(str(ref_g[j])))
            for k in range(d):
                assert _contains(bH[j, k], mpmath.mpf(str(ref_H[j][k])))
    Lf, gf, Hf = net.float_derivatives([float(v) for v in w])
    assert abs(Lf - float(ref_L)) < 1e-9 and all(abs(a - float(b)) < 1e-9 for a, b in zip(gf, ref_g))


def test_sigmoid_neuron_instances_and_exact_refusal():
    inst = sl.parse_instance({"model": "sigmoid_neuron", "widths": [2, 1], "X": [[1, 2], [0, 1]], "Y": [[0, 1]]})
    assert inst.widths == (2, 1)
    with pytest.raises(sl.InputError):
        sl.parse_instance({"model": "sigmoid_neuron", "widths": [2, 2], "X": [[1], [0]], "Y": [[0], [1]]})
    net = SigmoidNeuron([2, 1], [[1, 2], [0, 1]], [[0, 1]])
    with pytest.raises(NotExact):
        net.loss([[[0, 0]]])
    with pytest.raises(sl.InputError):
        SigmoidNeuron([2, 1], [[1, 2]], [[0, 1]])


def test_box_enclosure_contains_values_at_sampled_points():
    """Over a box, the enclosure contains the loss at its corners and centre (mpmath)."""
    net = SigmoidNeuron([2, 1], [[3, 0, -3, 1], [1, 1, 4, 2]], [["4/5", "1/2", "4/5", 0]])
    box = [(Fraction(-1, 5), Fraction(1, 10)), (Fraction(0), Fraction(1, 3))]
    from symlandscape.enclose import box_balls
    L, g, H = net.enclose(box_balls(box))
    Ls = net.symbolic()
    for a in (box[0][0], box[0][1], sum(box[0]) / 2):
        for b in (box[1][0], box[1][1], sum(box[1]) / 2):
            val = sympy.N(Ls["loss"].subs({Ls["w"][0]: sympy.Rational(a.numerator, a.denominator),
                                           Ls["w"][1]: sympy.Rational(b.numerator, b.denominator)}), 30)
            assert float(L.lower()) <= float(val) <= float(L.upper())
