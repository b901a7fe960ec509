"""cover_zeros against zeros known in closed form (SymPy solves the polynomial systems)."""

import flint
import sympy

from symlandscape.enclose import cover_zeros

q = flint.fmpq


def _grad(x):
    # g = (x^2 - y - 1, x - y): zeros where x^2 - x - 1 = 0, y = x: x = (1 +- sqrt 5) / 2
    return [x[0] * x[0] - x[1] - 1, x[0] - x[1]]


def _boxes_around(points, r):
    return [[(q(int(p * 2 ** 20), 2 ** 20) - r, q(int(p * 2 ** 20), 2 ** 20) + r) for p in pt] for pt in points]


def test_cover_finds_every_sympy_zero():
    x, y = sympy.symbols("x y")
    sols = sympy.solve([x ** 2 - y - 1, x - y], [x, y], dict=True)
    points = [(float(s[x]), float(s[y])) for s in sols]
    assert len(points) == 2
    rect = [(-3, 3), (-3, 3)]
    r = q(1, 64)
    assert cover_zeros(_grad, rect, _boxes_around(points, r)).certified
    assert not cover_zeros(_grad, rect, _boxes_around(points[:1], r), max_cells=20_000).certified


def test_cover_of_a_zero_free_rectangle_needs_no_box():
    assert cover_zeros(_grad, [(q(2), q(3)), (q(-3), q(-2))], []).certified
