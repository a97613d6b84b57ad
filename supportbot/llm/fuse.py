"""Fuse the int8 projections that read the same input into one int8 linear per group.

In every decoder layer ``q_proj``, ``k_proj`` and ``v_proj`` read the same normalised hidden
states, and so do the MLP's ``gate_proj`` and ``up_proj``. Dynamically quantised, each call
quantises its input, runs one fbgemm GEMM and dequantises: five calls per layer where two suffice.
:func:`fuse_projections` stacks each group's int8 weights into one linear and puts small
:class:`FusedSlice` modules in the original places, so the model's own forward code is unchanged:
the first slice of a group that is called computes the fused product, the others take their
part of it.

The numbers stay the same: the fused weight is quantised per output channel, each row keeping
the int8 values and the scale its own projection had (per-row quantisation, the default, gives
each row its own scale; per-tensor quantisation every row of a projection that projection's),
and the activation of all parts is quantised once, with the scale that each separate call
computed from the same input.
"""

from __future__ import annotations

from typing import Any

# (module attribute holding the group, projection names) for Llama-style decoder layers
# and the attribute the fused linear is registered under (so it is one of the model's modules)
GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("self_attn", ("q_proj", "k_proj", "v_proj"), "qkv_proj"),
    ("mlp", ("gate_proj", "up_proj"), "gate_up_proj"),
)


class _FusedGroup:
    """One fused int8 linear and the last input it was applied to, with that output's parts."""

    def __init__(self, linear: Any, sizes: list[int]) -> None:
        self.linear = linear
        self.sizes = sizes
        self._input: Any = None
        self._parts: tuple[Any, ...] = ()
        self._pending: set[int] = set()

    def part(self, index: int, x: Any) -> Any:
        if self._input is not x or index not in self._pending:
            self._parts = tuple(self.linear(x).split(self.sizes, dim=-1))
            self._input = x
            self._pending = set(range(len(self.sizes)))
        self._pending.discard(index)
        out = self._parts[index]
        if not self._pending:  # every part taken: drop the references
            self._input, self._parts = None, ()
        return out


def _slice_module() -> Any:
    import torch

    class FusedSlice(torch.nn.Module):
        """Stands where one projection of a fused group was; returns that projection's output."""

        def __init__(self, group: _FusedGroup, index: int, in_features: int, out_features: int) -> None:
            super().__init__()
            self.group = group
            self.index = index
            self.in_features = in_features
            self.out_features = out_features

        def forward(self, x: Any) -> Any:
            return self.group.part(self.index, x)

        def extra_repr(self) -> str:
            return f"part {self.index} of a fused int8 linear, {self.in_features} -> {self.out_features}"

    return FusedSlice


def _row_scales(weight: Any) -> Any:
    """The scale of every output row of a symmetric int8 weight (per-tensor or per-row)."""
    import torch

    if weight.qscheme() == torch.per_tensor_affine and weight.q_zero_point() == 0:
        return torch.full((weight.shape[0],), weight.q_scale(), dtype=torch.float64)
    if (
        weight.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric)
        and weight.q_per_channel_axis() == 0
        and not bool(weight.q_per_channel_zero_points().any())
    ):
        return weight.q_per_channel_scales().to(torch.float64)
    raise ValueError("only symmetric per-tensor or per-row int8 weights can be fused exactly")


def fuse_linears(linears: list[Any]) -> Any:
    """One dynamic int8 linear equal to ``linears`` (dynamic int8, symmetric weights quantised
    per tensor or per output row) stacked by output."""
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

    weights = [m.weight() for m in linears]
    ints = torch.cat([w.int_repr() for w in weights], dim=0)
    scales = torch.cat([_row_scales(w) for w in weights])
    qweight = torch._make_per_channel_quantized_tensor(
        ints, scales, torch.zeros(ints.shape[0], dtype=torch.long), 0
    )
    biases = [m.bias() for m in linears]
    bias = (
        None
        if all(b is None for b in biases)
        else torch.cat(
            [
                b if b is not None else torch.zeros(m.out_features)
                for b, m in zip(biases, linears, strict=True)
            ]
        )
    )
    fused = DynamicLinear(linears[0].in_features, int(ints.shape[0]), bias_=bias is not None)
    fused.set_weight_bias(qweight, bias)
    return fused


def fuse_projections(model: Any) -> int:
    """Fuse q/k/v and gate/up of every decoder layer of a dynamically int8-quantised model in place.

    Returns the number of groups fused; layers whose projections are not dynamic int8 linears
    (or do not share an input size) are left as they are.
    """
    from torch import qint8
    from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

    slice_cls = _slice_module()
    fused = 0
    for module in list(model.modules()):
        for attr, names, fused_name in GROUPS:
            parent = getattr(module, attr, None)
            if parent is None:
                continue
            linears: list[Any] = [getattr(parent, name, None) for name in names]
            if not all(type(m) is DynamicLinear and m._packed_params.dtype == qint8 for m in linears):
                continue  # not all dynamic int8 (e.g. fp16 weights kept for accuracy)
            if len({m.in_features for m in linears}) != 1:
                continue
            try:
                linear = fuse_linears(linears)
            except ValueError:
                continue
            group = _FusedGroup(linear, [m.out_features for m in linears])
            setattr(parent, fused_name, linear)
            for index, (name, m) in enumerate(zip(names, linears, strict=True)):
                setattr(parent, name, slice_cls(group, index, m.in_features, m.out_features))
            fused += 1
    return fused
