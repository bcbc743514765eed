"""A small formula engine: enough to compute what a spreadsheet *tool* writes.

Supported: literals (numbers, ``"text"``, ``TRUE``/``FALSE``), cell references and ranges
(``B5``, ``$B$5``, ``'Table 1'!B5``, ``A1:C9``, ``A:A``), the operators
``+ - * / ^ & = <> < > <= >=`` and postfix ``%``, and the functions in :data:`FUNCTIONS`
(``IF``, ``ISBLANK``, ``IFERROR``, ``SUM``, ``COUNTA``, ``COUNTIF``, ``CONCATENATE``, ...).

Anything else raises :class:`Unsupported`; the fake then keeps the formula but gives the
cell no effective value (formatted value ``""``), rather than inventing one.

Sheets semantics kept: a bare reference to an empty cell yields an empty result (not 0);
empty is 0 in arithmetic and ``""`` in text; text comparison ignores case; errors propagate
(``#REF!``, ``#DIV/0!``, ``#VALUE!``, ``#N/A``).

:func:`shift_references` and :func:`rename_sheet` rewrite formulas when rows/columns are
inserted or deleted and when sheets are renamed or deleted, as Google does.
"""

from __future__ import annotations

from sheets_sync.backends.google.fake.formula_functions import FUNCTIONS
from sheets_sync.backends.google.fake.formula_references import rename_sheet, shift_references
from sheets_sync.backends.google.fake.formula_syntax import (
    CellResolver,
    ErrorValue,
    Node,
    Scalar,
    SizeResolver,
    Unsupported,
    parse,
    tokenize,
)
from sheets_sync.backends.google.fake.formula_values import Value, _binary, _number, _Range

__all__ = [
    "FUNCTIONS",
    "CellResolver",
    "ErrorValue",
    "Evaluator",
    "Scalar",
    "SizeResolver",
    "Unsupported",
    "parse",
    "rename_sheet",
    "shift_references",
    "tokenize",
]


class Evaluator:
    """Evaluates formulas of one sheet against cell values provided by callbacks."""

    def __init__(self, cell: CellResolver, size: SizeResolver) -> None:
        self.cell = cell
        self.size = size

    def evaluate(self, formula: str) -> Scalar:
        """The formula's value; raises :class:`Unsupported` if the engine cannot compute it."""
        result = self._eval(parse(formula))
        if isinstance(result, _Range):
            raise Unsupported("array results are not evaluated")
        return result

    def _eval(self, node: Node) -> Value:
        kind = node[0]
        if kind == "value":
            value: Scalar = node[1]
            return value
        if kind == "ref":
            return self._reference(node)
        if kind == "unary":
            operand = _number(self._scalar(self._eval(node[2])))
            if isinstance(operand, ErrorValue):
                return operand
            return -operand if node[1] == "-" else operand
        if kind == "percent":
            operand = _number(self._scalar(self._eval(node[1])))
            return operand if isinstance(operand, ErrorValue) else operand / 100
        if kind == "binary":
            return _binary(
                node[1], self._scalar(self._eval(node[2])), self._scalar(self._eval(node[3]))
            )
        if kind == "call":
            function = FUNCTIONS.get(node[1])
            if function is None:
                raise Unsupported(f"function {node[1]} is not modelled")
            return function(self, node[2])
        raise Unsupported(kind)

    def _reference(self, node: Node) -> Value:
        _, sheet, row1, row2, col1, col2 = node
        try:
            rows, cols = self.size(sheet)
        except KeyError:
            return ErrorValue("REF", f"Unresolved sheet name '{sheet}'.")
        if row1 is not None and row1 == row2 and col1 is not None and col1 == col2:
            if row1 >= rows or col1 >= cols:
                return ErrorValue("REF", "Reference beyond the grid.")
            return self.cell(sheet, row1, col1)
        r1 = 0 if row1 is None else row1
        r2 = rows - 1 if row2 is None else min(row2, rows - 1)
        c1 = 0 if col1 is None else col1
        c2 = cols - 1 if col2 is None else min(col2, cols - 1)
        return _Range(
            [[self.cell(sheet, r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        )

    def _scalar(self, value: Value) -> Scalar:
        if isinstance(value, _Range):
            raise Unsupported("a range used where one value is expected")
        return value

    def scalar_arg(self, node: Node) -> Scalar:
        """Evaluate a function argument that must be a single value."""
        return self._scalar(self._eval(node))

    def values_arg(self, node: Node) -> list[Scalar]:
        """Evaluate a function argument that may be a range, as a flat list."""
        value = self._eval(node)
        return list(value.values()) if isinstance(value, _Range) else [value]
