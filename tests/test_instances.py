"""Adversarial tests of instance parsing (``parse_instance`` / ``load_instance``) and of the
published JSON Schema ``symlandscape/instance.schema.json``."""

import copy
import glob
import json
import os
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape
from symlandscape.exact.numbers import InputError
from symlandscape.instances import MAX_DIM, Instance, load_instance, parse_instance

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(glob.glob(str(ROOT / "examples" / "*.json")))
INVALID = sorted(glob.glob(str(ROOT / "examples" / "invalid" / "*.json")))
SCHEMA_PATH = Path(symlandscape.__file__).parent / "instance.schema.json"

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Files in examples/invalid that parse_instance must refuse but that JSON Schema cannot
#: express (equal row lengths, shapes tied to widths, equal residual widths) or that are
#: not JSON at all.
SCHEMA_CANNOT_SAY = {
    "ragged_rows.json", "x_rows_mismatch.json", "y_rows_mismatch.json", "y_cols_mismatch.json",
    "weights_count.json", "weights_shape.json", "weights_transposed.json",
    "residual_unequal_widths.json",
    # JSON Schema's data model has no separate integral float: 1.0 is an "integer".
    "float_integral_entry.json", "float_width.json", "json_exponent_number.json",
}
#: Files that are not decodable by the standard library's json module (as UTF-8 text).
NOT_JSON = {"malformed_truncated.json", "malformed_trailing_comma.json", "empty_file.json",
            "bad_utf8.json", "utf16.json", "binary_garbage.json", "deep_nesting.json"}


def one_line(msg: str) -> bool:
    return "\n" not in msg and "\r" not in msg


def refuse(data, *fragments):
    with pytest.raises(InputError) as ei:
        parse_instance(data)
    msg = str(ei.value)
    for f in fragments:
        assert f in msg, f"{f!r} not in {msg!r}"
    return msg


def net(**kw):
    d = {"model": "deep_linear", "widths": [2, 3, 1], "X": [[1, 2], [3, 4]], "Y": [["1/2", -1]],
         "weights": [[[1, 0], [0, 1], [1, 1]], [[1, "0.5", "-2/3"]]]}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


def test_valid_baseline():
    inst = parse_instance(net())
    assert inst.widths == (2, 3, 1) and inst.H == 1
    assert inst.env["Y"].tolist() == [[Fraction(1, 2), Fraction(-1)]]
    assert inst.weights[1].tolist() == [[Fraction(1), Fraction(1, 2), Fraction(-2, 3)]]
    assert parse_instance(net(weights=None)).weights is None


# -- refused instances --------------------------------------------------------------------------
@pytest.mark.parametrize("data", [[], [1, 2], "deep_linear", 3, None, True, 1.5, ("model",)],
                         ids=repr)
def test_non_dict(data):
    refuse(data, "JSON object")


def test_unknown_or_missing_model():
    refuse({"model": "cnn"}, "unknown model 'cnn'", "matrices, deep_linear, residual_linear")
    refuse({}, "unknown model None")
    refuse({"model": ["deep_linear"]}, "unknown model")
    refuse({"model": "Deep_Linear", "widths": [1, 1], "X": [[1]], "Y": [[1]]}, "unknown model")


def test_unknown_keys():
    refuse(net(colour="red"), "unknown key", "colour")
    refuse({"model": "matrices", "matrices": {"A": [[1]]}, "widths": [1, 1]}, "widths")
    refuse(net(matrices={"A": [[1]]}), "matrices")
    refuse(dict(net(), **{"": 1}), "unknown key")


def test_unknown_key_message_is_one_line():
    # Unknown keys are shown with repr(), so a line break in a key stays escaped.
    msg = refuse(dict(net(), **{"evil\nkey": 1}), "unknown key", "'evil\\nkey'")
    assert one_line(msg)
    msg = refuse({"model": "matrices", "matrices": {"A": [[1]]}, "a\rb": 1, "c\u2028d": 2},
                 "unknown key")
    assert one_line(msg) and "\u2028" not in msg


def test_ragged_rows():
    refuse(net(X=[[1, 2], [3]]), "X", "ragged")
    refuse(net(Y=[[1, 2], [3]]), "Y")
    refuse({"model": "matrices", "matrices": {"A": [[1], [2, 3]]}}, "matrices.A", "ragged")
    refuse(net(weights=[[[1, 0], [0], [1, 1]], [[1, 1, 1]]]), "weights[0]", "ragged")


def test_non_matrix_data():
    refuse(net(X=5), "X")
    refuse(net(X=[1, 2]), "X", "row 0 is not a list")
    refuse(net(X={"a": 1}), "X")
    refuse(net(X="[[1, 2]]"), "X")
    refuse(net(X=[]), "X", "empty")
    refuse(net(X=[[], []]), "X", "empty")
    refuse(net(X=[[[1]], [[2]]]), "X[0][0]")
    refuse(net(Y=[[None, 1]]), "Y[0][0]")


def test_wrong_shapes():
    refuse(net(X=[[1, 2], [3, 4], [5, 6]]), "X", "widths[0] = 2")
    refuse(net(X=[[1, 2]]), "X", "widths[0] = 2")
    refuse(net(Y=[[1, 2], [3, 4]]), "Y", "(1, 2)")
    refuse(net(Y=[[1, 2, 3]]), "Y", "(1, 2)")
    refuse(net(Y=[[1]]), "Y")
    refuse(net(weights=[[[1, 0], [0, 1]], [[1, 1]]]), "weights[0]", "(3, 2)")
    refuse(net(weights=[[[1, 0, 1], [0, 1, 1]], [[1, 1, 1]]]), "weights[0]")  # transposed
    refuse(net(weights=[[[1, 0], [0, 1], [1, 1]], [[1], [1], [1]]]), "weights[1]", "(1, 3)")


def test_wrong_number_of_weight_matrices():
    W1, W2 = net()["weights"]
    refuse(net(weights=[W1]), "weights", "2 matrices")
    refuse(net(weights=[W1, W2, W2]), "weights", "2 matrices")
    refuse(net(weights=[]), "weights")
    refuse(net(weights=W1), "weights")
    refuse(net(weights={"W1": W1, "W2": W2}), "weights")
    refuse(net(weights="W1"), "weights")


@pytest.mark.parametrize("widths", [
    [True, 3, 1], [2, True, 1], [2, False, 1], [2, 3.0, 1], [2, "3", 1], [2, None, 1],
    [2, 0, 1], [2, -3, 1], [0, 3, 1], [2, 3, 0], [2, MAX_DIM + 1, 1], [2, 10 ** 100, 1],
    [2], [], 3, "2,3,1", None, {"0": 2}, [[2], [3], [1]],
])
def test_bad_widths(widths):
    refuse(net(widths=widths, weights=None), "widths")


def test_huge_widths_refused_fast():
    t = time.perf_counter()
    refuse(net(widths=[2, 10 ** 12, 1], weights=None), "widths")
    refuse({"model": "residual_linear", "widths": [10 ** 9] * 3, "X": [[1]], "Y": [[1]]}, "widths")
    assert time.perf_counter() - t < 1.0


def test_max_dim_is_accepted():
    inst = parse_instance({"model": "deep_linear", "widths": [1, MAX_DIM, 1], "X": [[1]],
                           "Y": [[1]]})
    assert inst.widths == (1, MAX_DIM, 1)


def test_too_many_samples():
    refuse({"model": "deep_linear", "widths": [1, 1], "X": [[1] * (MAX_DIM + 1)],
            "Y": [[1] * (MAX_DIM + 1)]}, "samples")


def test_residual_needs_equal_widths():
    base = {"model": "residual_linear", "X": [[1], [2]], "Y": [[1], [2]]}
    refuse(dict(base, widths=[2, 3, 2]), "all widths equal")
    refuse(dict(base, widths=[2, 2, 1]), "all widths equal")
    inst = parse_instance(dict(base, widths=[2, 2, 2],
                               weights=[[[0, 1], [1, 0]], [["1/2", 0], [0, "1/2"]]]))
    assert inst.model == "residual_linear" and inst.H == 1


def test_schema_version_name_matrices():
    refuse(net(schema_version=2), "schema_version 2")
    refuse(net(schema_version="1"), "schema_version")
    refuse(dict(net(), schema_version=None), "schema_version")
    refuse(net(name=7), "name")
    refuse(dict(net(), name=None), "name")
    refuse({"model": "matrices", "matrices": {}}, "non-empty")
    refuse({"model": "matrices", "matrices": [["A", [[1]]]]}, "matrices")
    refuse({"model": "matrices"}, "matrices")
    for bad in ("1A", "a-b", "", "a b", "A\n"):
        refuse({"model": "matrices", "matrices": {bad: [[1]]}}, "not a valid matrix name")
    assert parse_instance(net(schema_version=1, name="n", description="d")).name == "n"


@pytest.mark.parametrize("version", [True, False, 1.0, Fraction(1), "1", [1]], ids=repr)
def test_schema_version_must_be_the_int_1(version):
    # True == 1 == 1.0 == Fraction(1) in Python; the schema (const 1) means the JSON integer 1.
    refuse(net(schema_version=version), "schema_version")


@pytest.mark.parametrize("description", [["not", "text"], 7, None, True, {"a": "b"}], ids=repr)
def test_description_must_be_a_string(description):
    refuse(dict(net(), description=description), "description")
    assert parse_instance(net(description="")).name == ""


@pytest.mark.parametrize("x", [0.5, 1.0, float("nan"), float("inf"), True, None, "0.5.1", "1/0",
                               "1e99999", "nan", [1], {"p": 1, "q": 2}])
def test_bad_entries_name_the_entry(x):
    refuse(net(Y=[[1, x]]), "Y[0][1]")
    refuse({"model": "matrices", "matrices": {"M": [[1], [x]]}}, "matrices.M[1][0]")
    refuse(net(weights=[[[1, 0], [0, 1], [1, x]], [[1, 1, 1]]]), "weights[0][2][1]")


# -- files -------------------------------------------------------------------------------------
def write(tmp_path, text, name="inst.json"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("num", ["0.5", "1.0", "-0.0", "1e3", "1E-3", "2.5e+10", "0.1"])
def test_json_floats_refused_with_message(tmp_path, num):
    p = write(tmp_path, '{"model": "matrices", "matrices": {"A": [[1, %s]]}}' % num)
    with pytest.raises(InputError) as ei:
        load_instance(p)
    msg = str(ei.value)
    assert p in msg and "float" in msg and num in msg and one_line(msg)


@pytest.mark.parametrize("const", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_refused(tmp_path, const):
    p = write(tmp_path, '{"model": "matrices", "matrices": {"A": [[%s]]}}' % const)
    with pytest.raises(InputError, match=const):
        load_instance(p)


def test_json_float_in_widths_refused(tmp_path):
    p = write(tmp_path, json.dumps(net(weights=None)).replace("[2, 3, 1]", "[2, 3.0, 1]"))
    with pytest.raises(InputError, match="float"):
        load_instance(p)


@pytest.mark.parametrize("text", [
    '{"model": "matrices",\n "matrices": {"A": [[1, 2]\n',
    '{"model": "matrices", "matrices": {"A": [[1, 2],]}}',
    '{"model": matrices}',
    "{'model': 'matrices'}",
    '{"model": "matrices"} trailing',
    "",
    "\n\n   \n",
    '{"a": 1,\n\n  "b" 2}',
])
def test_malformed_json_reports_line_and_column(tmp_path, text):
    p = write(tmp_path, text)
    try:
        json.loads(text)
        raise AssertionError("test text should be malformed")
    except json.JSONDecodeError as e:
        where = f"line {e.lineno} column {e.colno}"
    with pytest.raises(InputError) as ei:
        load_instance(p)
    msg = str(ei.value)
    assert "malformed JSON" in msg and where in msg and p in msg and one_line(msg)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_instance(str(tmp_path / "nope.json"))
    with pytest.raises(InputError):
        load_instance(str(tmp_path))
    with pytest.raises(InputError):
        load_instance("")


def test_unreadable_bytes(tmp_path):
    p = tmp_path / "bin.json"
    p.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="cannot read"):
        load_instance(str(p))


@pytest.mark.parametrize("depth", [1100, 100_000])
def test_deeply_nested_json(tmp_path, depth):
    p = write(tmp_path, '{"model": "matrices", "matrices": {"A": ' + "[" * depth + "]" * depth + "}}")
    with pytest.raises(InputError) as ei:
        load_instance(p)
    assert one_line(str(ei.value))


def test_nested_but_decodable(tmp_path):
    deep = [[1]]
    for _ in range(400):
        deep = [deep]
    p = write(tmp_path, json.dumps({"model": "matrices", "matrices": {"A": deep}}))
    with pytest.raises(InputError):
        load_instance(p)


def test_huge_json_integer(tmp_path):
    # Beyond CPython's 4300-digit int/str limit: kept exactly, as a JSON integer or a string.
    p = write(tmp_path, '{"model": "matrices", "matrices": {"A": [[' + "9" * 5000 + ', "-'
              + "9" * 5000 + '/3"]]}}')
    inst = load_instance(p)
    assert inst.env["A"].tolist() == [[Fraction(10 ** 5000 - 1), Fraction(-(10 ** 5000 - 1), 3)]]
    assert parse_instance(inst.to_dict()) == inst
    assert parse_instance(json.loads(json.dumps(inst.to_dict()))) == inst


def test_huge_json_integer_where_a_small_one_is_required(tmp_path):
    p = write(tmp_path, '{"model": "deep_linear", "widths": [1, ' + "9" * 5000 + ', 1], '
              '"X": [[1]], "Y": [[1]]}')
    with pytest.raises(InputError, match="widths") as ei:
        load_instance(p)
    assert one_line(str(ei.value))


# -- examples and the schema -------------------------------------------------------------------
def test_schema_file_is_json_and_packaged():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["model"]["enum"] == ["matrices", "deep_linear", "residual_linear", "relu",
                                                    "feedforward", "sigmoid_neuron", "relu_population", "sigmoid_mlp"]


@pytest.fixture(scope="module")
def validator():
    import jsonschema
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_ok(validator, data) -> bool:
    return validator.is_valid(data)


def test_examples_exist():
    assert EXAMPLES, "no examples/*.json"
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_example_parses(path):
    inst = load_instance(path)
    assert isinstance(inst, Instance)
    assert parse_instance(inst.to_dict()) == inst


@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_example_matches_schema(validator, path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    errors = [e.message for e in validator.iter_errors(data)]
    assert not errors, errors
    assert schema_ok(validator, load_instance(path).to_dict())


@pytest.mark.parametrize("path", INVALID, ids=os.path.basename)
def test_invalid_example_refused(path):
    with pytest.raises(InputError) as ei:
        load_instance(path)
    msg = str(ei.value)
    assert msg.startswith(path + ": ")
    assert one_line(msg)


@pytest.mark.parametrize("path", INVALID, ids=os.path.basename)
def test_invalid_example_schema(validator, path):
    name = os.path.basename(path)
    if name in NOT_JSON:
        pytest.skip("not decodable JSON text")
    old_limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # huge_json_integer.json holds a 5000-digit integer
    try:
        with open(path, encoding="utf-8") as f:
            try:
                data = json.load(f)  # the standard decoder: NaN/Infinity become floats
            except ValueError:
                pytest.skip("the standard json module cannot decode it")
        assert schema_ok(validator, data) == (name in SCHEMA_CANNOT_SAY)
    finally:
        sys.set_int_max_str_digits(old_limit)


# Schema and parse_instance agree on these (True = valid).
AGREE = [
    ({"model": "matrices", "matrices": {"A": [[1, "2/3"], ["-0.5", " 1e-3 "]]}}, True),
    ({"model": "matrices", "matrices": {"_a1": [["3 / 4"]]}, "schema_version": 1, "name": "x",
      "description": "y"}, True),
    (net(), True),
    (net(weights=None), True),
    ({"model": "residual_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[2]],
      "weights": [[[0]], [["1/2"]]]}, True),
    ({"model": "deep_linear", "widths": [1, MAX_DIM, 1], "X": [[1]], "Y": [[1]]}, True),
    ({"model": "matrices", "matrices": {"A": [["1e10000"]]}}, True),
    ({"model": "matrices", "matrices": {"A": [["1e10001"]]}}, False),
    ({"model": "matrices", "matrices": {"A": [["1/0"]]}}, False),
    ({"model": "matrices", "matrices": {"A": [["1/-00"]]}}, False),
    ({"model": "matrices", "matrices": {"A": [["1/-01"]]}}, True),
    ({"model": "matrices", "matrices": {"A": [["."]]}}, False),
    ({"model": "matrices", "matrices": {"A": [["5."]]}}, True),
    ({"model": "matrices", "matrices": {"A": [[".5e-2"]]}}, True),
    ({"model": "matrices", "matrices": {"A": [["0x1"]]}}, False),
    ({"model": "matrices", "matrices": {"A": [[0.5]]}}, False),
    ({"model": "matrices", "matrices": {"A": [[True]]}}, False),
    ({"model": "matrices", "matrices": {"A": [[None]]}}, False),
    ({"model": "matrices", "matrices": {"A": [[]]}}, False),
    ({"model": "matrices", "matrices": {"A": []}}, False),
    ({"model": "matrices", "matrices": {}}, False),
    ({"model": "matrices", "matrices": {"9": [[1]]}}, False),
    ({"model": "matrices", "matrices": {"A": [[1]]}, "extra": 1}, False),
    ({"model": "matrices", "matrices": {"A": [[1]]}, "schema_version": 2}, False),
    ({"model": "matrices", "matrices": {"A": [[1]]}, "name": 1}, False),
    ({"model": "deep_linear", "widths": [1], "X": [[1]], "Y": [[1]]}, False),
    ({"model": "deep_linear", "widths": [1, 0], "X": [[1]], "Y": [[1]]}, False),
    ({"model": "deep_linear", "widths": [1, 2001], "X": [[1]], "Y": [[1]] * 2001}, False),
    ({"model": "deep_linear", "widths": [1, True], "X": [[1]], "Y": [[1]]}, False),
    ({"model": "deep_linear", "X": [[1]], "Y": [[1]]}, False),
    ({"model": "deep_linear", "widths": [1, 1], "X": [[1]], "Y": [[1]], "weights": []}, False),
    ({"model": "deep_linear", "widths": [1, 1], "X": [[1]], "Y": [[1]],
      "matrices": {"A": [[1]]}}, False),
    ({"model": "cnn"}, False),
    ({}, False),
    ([], False),
]


@pytest.mark.parametrize("text", ["1\u3000/\u30002", "1\xa0/2", "1/\u20032", "3 \u2003/ 4"],
                         ids=ascii)
def test_schema_and_parser_agree_on_unicode_space_in_ratios(validator, text):
    data = {"model": "matrices", "matrices": {"A": [[text]]}}
    try:
        parse_instance(data)
        parsed = True
    except InputError:
        parsed = False
    assert schema_ok(validator, data) == parsed


def test_unicode_space_around_a_number_agrees(validator):
    for text in ("\u30001", "1\u3000", "\xa0 3/4 \xa0"):
        data = {"model": "matrices", "matrices": {"A": [[text]]}}
        assert schema_ok(validator, data)
        parse_instance(data)


@pytest.mark.parametrize("data, valid", AGREE, ids=lambda x: json.dumps(x)[:50])
def test_schema_agrees_with_parser(validator, data, valid):
    assert schema_ok(validator, data) == valid
    try:
        parse_instance(data)
        parsed = True
    except InputError:
        parsed = False
    assert parsed == valid


# -- round trips ----------------------------------------------------------------------------------
def test_round_trip_to_dict():
    for d in (net(), net(weights=None), {"model": "matrices", "name": "m",
                                           "matrices": {"A": [["0.125", "1e-3"]], "B": [[-2]]}}):
        inst = parse_instance(d)
        back = parse_instance(inst.to_dict())
        assert back == inst
        assert parse_instance(json.loads(json.dumps(inst.to_dict()))) == inst


@st.composite
def exact_entries(draw):
    """A rational in one of the accepted input spellings, with its exact value."""
    p = draw(st.integers(-10 ** 6, 10 ** 6))
    r = draw(st.integers(1, 10 ** 4))
    v = Fraction(p, r)
    form = draw(st.sampled_from(["int", "ratio", "spaced", "decimal", "exp", "fraction"]))
    if form == "int":
        return p, Fraction(p)
    if form == "ratio":
        return f"{p}/{r}", v
    if form == "spaced":
        return f"  {p} /{r} ", v
    if form == "decimal":
        k = draw(st.integers(0, 6))
        s = f"{abs(p) // 10 ** k}.{str(abs(p) % 10 ** k).rjust(k, '0')}" if k else str(abs(p))
        return ("-" if p < 0 else "") + s, Fraction(p, 10 ** k)
    if form == "exp":
        e = draw(st.integers(-12, 12))
        return f"{p}e{e}", Fraction(p) * Fraction(10) ** e
    return v, v  # Python Fraction, accepted by parse_instance (not by JSON files)


@st.composite
def matrix_of(draw, m, n):
    pairs = [[draw(exact_entries()) for _ in range(n)] for _ in range(m)]
    return [[a for a, _ in r] for r in pairs], [[b for _, b in r] for r in pairs]


@st.composite
def valid_instances(draw):
    """(instance dict, expected exact env) for a random valid instance of any model."""
    model = draw(st.sampled_from(["matrices", "deep_linear", "residual_linear"]))
    d, env = {"model": model}, {}
    if draw(st.booleans()):
        d["schema_version"] = 1
    if draw(st.booleans()):
        d["name"] = draw(st.text(max_size=20))
    if draw(st.booleans()):
        d["description"] = draw(st.text(max_size=20))
    if model == "matrices":
        names = draw(st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,5}", fullmatch=True),
                              min_size=1, max_size=4, unique=True))
        d["matrices"] = {}
        for nm in names:
            d["matrices"][nm], env[nm] = draw(matrix_of(draw(st.integers(1, 3)),
                                                        draw(st.integers(1, 3))))
        return d, env
    if model == "deep_linear":
        widths = draw(st.lists(st.integers(1, 3), min_size=2, max_size=5))
    else:
        widths = [draw(st.integers(1, 3))] * draw(st.integers(2, 5))
    m = draw(st.integers(1, 4))
    d["widths"] = widths
    d["X"], env["X"] = draw(matrix_of(widths[0], m))
    d["Y"], env["Y"] = draw(matrix_of(widths[-1], m))
    if draw(st.booleans()):
        d["weights"] = []
        for k in range(len(widths) - 1):
            w, env[f"W{k + 1}"] = draw(matrix_of(widths[k + 1], widths[k]))
            d["weights"].append(w)
    return d, env


def _jsonable(d):
    return json.loads(json.dumps(d, default=str))


@FAST
@given(valid_instances())
def test_random_valid_instances_round_trip(case):
    d, env = case
    inst = parse_instance(d)
    assert {k: v.tolist() for k, v in inst.env.items()} == env
    assert inst.name == d.get("name", "")
    out = inst.to_dict()
    assert parse_instance(out) == inst
    text = json.dumps(out)
    assert parse_instance(json.loads(text)) == inst
    assert out == parse_instance(out).to_dict()


@FAST
@given(valid_instances())
def test_random_valid_instances_match_schema(validator, case):
    d, _ = case
    # Fraction objects are not JSON: spell them as "p/q" strings.
    d = _jsonable(d)
    assert validator.is_valid(d), [e.message for e in validator.iter_errors(d)]
    assert validator.is_valid(parse_instance(d).to_dict())


@FAST
@given(valid_instances(), st.data())
def test_random_valid_instances_load_from_file(tmp_path_factory, case, data):
    d = _jsonable(case[0])
    p = tmp_path_factory.mktemp("inst") / "i.json"
    p.write_text(json.dumps(d, indent=data.draw(st.sampled_from([None, 1]))), encoding="utf-8")
    assert load_instance(str(p)) == parse_instance(d)


@pytest.fixture(scope="module")
def maybe_validator():
    try:
        import jsonschema
    except ImportError:
        return None
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def _documented_schema_stricter(d) -> bool:
    """Cases the parser accepts and the schema refuses: only the documented one, matrix names
    (parse_instance uses str.isidentifier; the schema admits the ASCII identifiers)."""
    mats = d.get("matrices")
    return isinstance(mats, dict) and any(isinstance(k, str) and not k.isascii() for k in mats)


def _has_integral_float(x) -> bool:
    """JSON Schema cannot tell 1.0 from 1; the parser refuses every float."""
    if isinstance(x, float):
        return x.is_integer()
    if isinstance(x, dict):
        return any(_has_integral_float(v) for v in x.values())
    if isinstance(x, list):
        return any(_has_integral_float(v) for v in x)
    return False


#: Parser messages for constraints the schema cannot express.
_SEMANTIC = ("ragged", "shape", "widths[0]", "all widths equal", "matrices (one per layer",
             "samples")

KEYS = st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=5)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats() | st.text(max_size=8)
    | st.sampled_from(["1/2", "0.5", "1e-3", " 7 ", "1/0", "3"]),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(KEYS, c, max_size=3),
    max_leaves=8)


@FAST
@given(valid_instances(), st.data())
def test_one_mutation_input_error_or_valid(maybe_validator, case, data):
    """Replace or delete one subtree of a valid instance: the parser answers InputError (one
    line) or a valid Instance, never another exception; parser and schema agree up to what
    the schema documents it cannot express."""
    d = copy.deepcopy(_jsonable(case[0]))
    paths = []

    def walk(x, path):
        paths.append(path)
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, path + (k,))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, path + (i,))
    walk(d, ())
    path = data.draw(st.sampled_from(paths[1:]))
    target = d
    for k in path[:-1]:
        target = target[k]
    if isinstance(target, dict) and data.draw(st.booleans()):
        del target[path[-1]]
    else:
        target[path[-1]] = data.draw(JSON_VALUES)
    if isinstance(d, dict) and data.draw(st.booleans()):
        d[data.draw(KEYS)] = data.draw(JSON_VALUES)
    try:
        parse_instance(d)
        parsed, msg = True, ""
    except InputError as e:
        parsed, msg = False, str(e)
        assert one_line(msg), msg
    if maybe_validator is None:
        return
    valid = maybe_validator.is_valid(d)
    if parsed and not valid:
        assert _documented_schema_stricter(d), [e.message for e in maybe_validator.iter_errors(d)]
    if valid and not parsed:
        assert any(f in msg for f in _SEMANTIC) or _has_integral_float(d), msg


def test_published_schema_is_assembled_from_the_model_registry():
    # One home per model kind: instance.schema.json is the base schema plus each registered
    # kind's fragment; a new kind that forgets its fragment (or a stale file) fails here.
    from symlandscape.models import instance_schema, model_kinds
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == instance_schema()
    assert published["properties"]["model"]["enum"] == ["matrices", *model_kinds()]
