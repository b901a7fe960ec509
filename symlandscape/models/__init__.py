"""Network models with exact losses and derivatives, and the model registry.

Importing this package registers every model kind (see :mod:`.registry`).
"""

from ..exact.numbers import InputError as _InputError
from .feedforward import SCHEMA_FRAGMENT as _FEEDFORWARD_SCHEMA
from .feedforward import Feedforward, feedforward_from_scalars, feedforward_weight_columns
from .linear import SCHEMA_FRAGMENT as _LINEAR_SCHEMA
from .linear import DeepLinear, LinearChain, ResidualLinear
from .registry import Model, ModelKind, get_model, instance_schema, make_network, model_kinds, register_model
from .relu import SCHEMA_FRAGMENT as _RELU_SCHEMA
from .relu import NotDifferentiable, ReLUNet
from .relu_population import SCHEMA_FRAGMENT as _POPULATION_SCHEMA
from .relu_population import ReLUPopulation
from .sigmoid import MLP_SCHEMA_FRAGMENT as _SIGMOID_MLP_SCHEMA
from .sigmoid import SCHEMA_FRAGMENT as _SIGMOID_SCHEMA
from .sigmoid import NotExact, SigmoidMLP, SigmoidNeuron


def _residual_widths(widths):
    if len(set(widths)) != 1:
        raise _InputError("a residual linear network has all widths equal")


register_model(ModelKind(
    "deep_linear", lambda widths, X, Y: DeepLinear(widths, X, Y),
    schema=_LINEAR_SCHEMA, schema_name="networkInstance",
    description="deep linear network W_{H+1} ... W_1 X (Kawaguchi; Baldi-Hornik for H = 1)"))
register_model(ModelKind(
    "residual_linear", lambda widths, X, Y: ResidualLinear(widths[0], X, Y, H=len(widths) - 2),
    validate=_residual_widths, schema=_LINEAR_SCHEMA, schema_name="networkInstance",
    description="residual linear network (I + W_{H+1}) ... (I + W_1) X (Hardt-Ma), all widths equal"))
register_model(ModelKind(
    "relu", lambda widths, X, Y, q=1: ReLUNet(widths, X, Y, q=q),
    keys=frozenset({"widths", "X", "Y", "weights", "q"}), scalars={"q": 1},
    schema=_RELU_SCHEMA, schema_name="reluInstance",
    description="bias-free ReLU network q sigma(W_{H+1} ... sigma(W_1 X)) (eq (4) of seed 000)"))
register_model(ModelKind(
    "feedforward", feedforward_from_scalars,
    keys=frozenset({"widths", "X", "Y", "weights", "a0", "a1", "a2", "a3", "hidden_bias", "output_bias"}),
    scalars={"a0": 0, "a1": 1, "a2": 0, "a3": 0, "hidden_bias": 1, "output_bias": 1},
    weight_columns=feedforward_weight_columns, schema=_FEEDFORWARD_SCHEMA, schema_name="feedforwardInstance",
    description="feedforward network A_L o s o ... o s o A_1, s(x) = a0 + a1 x + a2 x^2 + a3 x^3, "
                "layers [W_k | b_k] (seed 002)"))


def _neuron_widths(widths):
    if len(widths) != 2 or widths[1] != 1:
        raise _InputError(f"widths: a single neuron has widths [d, 1], got {list(widths)}")


register_model(ModelKind(
    "sigmoid_neuron", lambda widths, X, Y: SigmoidNeuron(widths, X, Y),
    validate=_neuron_widths, schema=_SIGMOID_SCHEMA, schema_name="sigmoidNeuronInstance",
    description="single sigmoid neuron sigma(w . x), squared loss (Auer et al.): transcendental, "
                "decided by interval enclosures"))

def _population_widths(widths):
    if len(widths) != 3 or widths[2] != 1:
        raise _InputError(f"widths: a sum of ReLU units has widths [d, K, 1], got {list(widths)}")


register_model(ModelKind(
    "relu_population", lambda widths, X, Y: ReLUPopulation(widths, X, Y),
    validate=_population_widths, schema=_POPULATION_SCHEMA, schema_name="reluPopulationInstance",
    description="Gaussian population loss of a sum of K ReLU units against a ReLU teacher (Tian; "
                "Safran-Shamir): arc-cosine kernel, decided by interval enclosures"))

def _mlp_widths(widths):
    if len(widths) != 3:
        raise _InputError(f"widths: one hidden layer has widths [d_0, d_1, d_2], got {list(widths)}")


register_model(ModelKind(
    "sigmoid_mlp", lambda widths, X, Y: SigmoidMLP(widths, X, Y),
    validate=_mlp_widths, schema=_SIGMOID_MLP_SCHEMA, schema_name="sigmoidMlpInstance",
    description="one hidden sigmoid layer, linear output, no biases: 1/2 ||W_2 sigma(W_1 X) - Y||^2 "
                "(Yu-Chen as on the slides): transcendental, decided by interval enclosures"))

from . import enclosed as _enclosed  # noqa: E402,F401  (registers the interval fact operations)

__all__ = ["Feedforward", "LinearChain", "DeepLinear", "ResidualLinear", "ReLUNet", "NotDifferentiable", "SigmoidNeuron", "SigmoidMLP", "NotExact", "ReLUPopulation", "Model", "ModelKind", "register_model", "get_model",
           "model_kinds", "make_network", "instance_schema"]
from . import critical_cover as _critical_cover  # noqa: E402,F401  (zeros_covered, neg_curv_on)
from . import relu_circle as _relu_circle  # noqa: E402,F401  (the relu_circle objective of the interval facts)
