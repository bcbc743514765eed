"""Developer metadata: where it lives, how lookups and data filters find it.

Metadata is stored where ``spreadsheets.get`` shows it: spreadsheet-located in
``spreadsheet.developerMetadata``, sheet-located in ``sheet.developerMetadata``, and
row/column-located in that row's or column's ``DimensionProperties.developerMetadata``
(Google only allows a *single* row or column as a metadata location).  Because it sits on the
row, it moves when rows are inserted or deleted above it; :mod:`structure` refreshes the
``location.dimensionRange`` indices after each such change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sheets_sync.backends.google.fake import a1
from sheets_sync.backends.google.fake.grid import (
    Sheet,
    Spreadsheet,
    dimension_entry,
    dimension_properties,
    find_sheet,
    size,
)

Metadata = dict[str, Any]


def iter_metadata(spreadsheet: Spreadsheet) -> Iterator[tuple[Metadata, list[Metadata]]]:
    """Every developer metadata entry with the list that holds it."""
    holder: list[Metadata] = spreadsheet.get("developerMetadata", [])
    for metadata in list(holder):
        yield metadata, holder
    for sheet in spreadsheet.get("sheets", []):
        holder = sheet.get("developerMetadata", [])
        for metadata in list(holder):
            yield metadata, holder
        for dimension in ("ROWS", "COLUMNS"):
            for entry in dimension_properties(sheet, dimension):
                holder = entry.get("developerMetadata", [])
                for metadata in list(holder):
                    yield metadata, holder


def by_id(spreadsheet: Spreadsheet, metadata_id: int) -> Metadata | None:
    """The metadata with this id, or ``None``."""
    for metadata, _ in iter_metadata(spreadsheet):
        if int(metadata.get("metadataId", -1)) == metadata_id:
            return metadata
    return None


class LocationError(ValueError):
    """A metadata location that names no existing place (message in Google's words)."""


def place(spreadsheet: Spreadsheet, metadata: Metadata) -> None:
    """Store ``metadata`` at the place its ``location`` names, normalising the location."""
    location = metadata.get("location") or {}
    if location.get("spreadsheet"):
        metadata["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
        spreadsheet.setdefault("developerMetadata", []).append(metadata)
        return
    if "sheetId" in location:
        sheet = find_sheet(spreadsheet, sheet_id=int(location["sheetId"]))
        if sheet is None:
            raise LocationError(f"No grid with id: {location['sheetId']}")
        metadata["location"] = {"locationType": "SHEET", "sheetId": int(location["sheetId"])}
        sheet.setdefault("developerMetadata", []).append(metadata)
        return
    if "dimensionRange" in location:
        sheet, dimension, index = _dimension_location(spreadsheet, location["dimensionRange"])
        entry = dimension_entry(sheet, dimension, index)
        entry.setdefault("developerMetadata", []).append(metadata)
        metadata["location"] = {
            "locationType": "ROW" if dimension == "ROWS" else "COLUMN",
            "dimensionRange": {
                "sheetId": int(sheet["properties"].get("sheetId", 0)),
                "dimension": dimension,
                "startIndex": index,
                "endIndex": index + 1,
            },
        }
        return
    raise LocationError("A developer metadata location must be specified.")


def _dimension_location(
    spreadsheet: Spreadsheet, dimension_range: dict[str, Any]
) -> tuple[Sheet, str, int]:
    sheet_id = int(dimension_range.get("sheetId", 0))
    sheet = find_sheet(spreadsheet, sheet_id=sheet_id)
    if sheet is None:
        raise LocationError(f"No grid with id: {sheet_id}")
    dimension = dimension_range.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise LocationError("A dimension range must specify ROWS or COLUMNS.")
    start, end = dimension_range.get("startIndex"), dimension_range.get("endIndex")
    if start is None or end is None or int(end) - int(start) != 1:
        raise LocationError(
            "Developer metadata may only be associated with a single row or column."
        )
    rows, cols = size(sheet)
    if int(start) < 0 or int(end) > (rows if dimension == "ROWS" else cols):
        raise LocationError(
            f"Dimension range [{start}, {end}) is outside the grid of sheet {sheet_id}."
        )
    return sheet, str(dimension), int(start)


def remove(spreadsheet: Spreadsheet, target: Metadata) -> None:
    """Remove ``target`` (by identity) from wherever it is stored."""
    for metadata, holder in iter_metadata(spreadsheet):
        if metadata is target:
            holder.remove(metadata)
            return


def _location_matches(
    spreadsheet: Spreadsheet, location: dict[str, Any], wanted: dict[str, Any], intersect: bool
) -> bool:
    kind = location.get("locationType")
    if wanted.get("spreadsheet"):
        return kind == "SPREADSHEET" or intersect
    if "sheetId" in wanted:
        sheet_id = int(wanted["sheetId"])
        if kind == "SHEET":
            return int(location.get("sheetId", 0)) == sheet_id
        if kind in ("ROW", "COLUMN") and intersect:
            return int(location["dimensionRange"].get("sheetId", 0)) == sheet_id
        return False
    if "dimensionRange" in wanted:
        if kind not in ("ROW", "COLUMN"):
            return False
        have, want = location["dimensionRange"], wanted["dimensionRange"]
        if int(have.get("sheetId", 0)) != int(want.get("sheetId", 0)):
            return False
        if have.get("dimension") != want.get("dimension"):
            return False
        start, end = int(want.get("startIndex", 0)), want.get("endIndex")
        have_start = int(have["startIndex"])
        if not intersect:
            return have_start == start and end is not None and int(have["endIndex"]) == int(end)
        return have_start >= start and (end is None or have_start < int(end))
    if "locationType" in wanted:
        return bool(kind == wanted["locationType"])
    return True


def lookup_matches(spreadsheet: Spreadsheet, metadata: Metadata, lookup: dict[str, Any]) -> bool:
    """Whether ``metadata`` satisfies a ``DeveloperMetadataLookup`` (all given criteria)."""
    if "metadataId" in lookup and int(metadata.get("metadataId", -1)) != int(lookup["metadataId"]):
        return False
    for key in ("metadataKey", "metadataValue", "visibility"):
        if key in lookup and metadata.get(key) != lookup[key]:
            return False
    location = metadata.get("location", {})
    if "locationType" in lookup and location.get("locationType") != lookup["locationType"]:
        return False
    if "metadataLocation" in lookup:
        intersect = lookup.get("locationMatchingStrategy") == "INTERSECTING_LOCATION"
        if not _location_matches(spreadsheet, location, lookup["metadataLocation"], intersect):
            return False
    return True


Bounds = tuple[Sheet, int, int, int, int]


def metadata_bounds(spreadsheet: Spreadsheet, metadata: Metadata) -> Bounds | None:
    """The cells a metadata location covers (whole row/column/sheet), if it is on a sheet."""
    location = metadata.get("location", {})
    kind = location.get("locationType")
    if kind == "SHEET":
        sheet = find_sheet(spreadsheet, sheet_id=int(location.get("sheetId", 0)))
        if sheet is None:
            return None
        rows, cols = size(sheet)
        return sheet, 0, rows, 0, cols
    if kind in ("ROW", "COLUMN"):
        dimension_range = location["dimensionRange"]
        sheet = find_sheet(spreadsheet, sheet_id=int(dimension_range.get("sheetId", 0)))
        if sheet is None:
            return None
        rows, cols = size(sheet)
        start, end = int(dimension_range["startIndex"]), int(dimension_range["endIndex"])
        if kind == "ROW":
            return sheet, start, end, 0, cols
        return sheet, 0, rows, start, end
    return None


def filter_metadata(spreadsheet: Spreadsheet, data_filter: dict[str, Any]) -> list[Metadata]:
    """Metadata selected by one ``DataFilter``: by lookup, or located within a range."""
    found: list[Metadata] = []
    if "developerMetadataLookup" in data_filter:
        lookup = data_filter["developerMetadataLookup"]
        for metadata, _ in iter_metadata(spreadsheet):
            if lookup_matches(spreadsheet, metadata, lookup):
                found.append(metadata)
        return found
    bounds = range_bounds(spreadsheet, data_filter)
    for metadata, _ in iter_metadata(spreadsheet):
        covered = metadata_bounds(spreadsheet, metadata)
        if covered is None or bounds is None:
            continue
        sheet, r0, r1, c0, c1 = covered
        want_sheet, w0, w1, v0, v1 = bounds
        if sheet is want_sheet and r0 < w1 and w0 < r1 and c0 < v1 and v0 < c1:
            found.append(metadata)
    return found


def range_bounds(spreadsheet: Spreadsheet, data_filter: dict[str, Any]) -> Bounds | None:
    """The cells an ``a1Range`` or ``gridRange`` data filter names (``None`` if no sheet)."""
    if "a1Range" in data_filter:
        parsed = a1.parse(data_filter["a1Range"])
        sheet = (
            find_sheet(spreadsheet, title=parsed.sheet)
            if parsed.sheet is not None
            else spreadsheet["sheets"][0]
        )
        if sheet is None:
            return None
        rows, cols = size(sheet)
        return (
            sheet,
            parsed.start_row or 0,
            rows if parsed.end_row is None else parsed.end_row,
            parsed.start_col or 0,
            cols if parsed.end_col is None else parsed.end_col,
        )
    if "gridRange" in data_filter:
        grid_range = data_filter["gridRange"]
        sheet = find_sheet(spreadsheet, sheet_id=int(grid_range.get("sheetId", 0)))
        if sheet is None:
            return None
        rows, cols = size(sheet)
        return (
            sheet,
            int(grid_range.get("startRowIndex", 0)),
            int(grid_range.get("endRowIndex", rows)),
            int(grid_range.get("startColumnIndex", 0)),
            int(grid_range.get("endColumnIndex", cols)),
        )
    return None
