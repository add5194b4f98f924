"""What an Excel cell shows: its value as displayed text, its solid fill as hex RRGGBB.

Dates are written at day precision as DD/MM/YYYY (UK day first, as the date grammar reads
them) or, when the number format shows only month and year, as "Mar 2018"; numbers as the
format displays them, General without float noise ("3", "1.1", "0.3"). Fills given as theme or
palette colours are resolved against the workbook's own theme and palette, with Excel's tint.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import re
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.colors import COLOR_INDEX

from .cells import clean_cell

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NO_FILL = {"FFFFFF"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Theme colour slots in the order Excel numbers them (light/dark swapped against the XML).
_THEME_SLOTS = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink")
_OFFICE_THEME = ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5",
                 "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72")


def display(value: Any, number_format: str | None) -> str:
    fmt = number_format or "General"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, fmt)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int):
        return _number(float(value), fmt) if fmt != "General" else str(value)
    if isinstance(value, float):
        return _number(value, fmt)
    return clean_cell(str(value))


def _format_codes(fmt: str) -> str:
    """The format's first section without literals, colours and locale tags."""
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", section)
    return section.lower()


def _date_text(value: dt.date, fmt: str) -> str:
    """DD/MM/YYYY (UK day first, as the date grammar reads it) or the precision shown."""
    codes = _format_codes(fmt)
    if isinstance(value, dt.datetime) and "d" not in codes and "y" not in codes and (
            "h" in codes or "s" in codes):
        return value.strftime("%H:%M")
    if "d" not in codes and "y" in codes:
        if "m" in codes:
            return f"{_MONTHS[value.month - 1]} {value.year}"
        return str(value.year)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def general(value: float) -> str:
    """A number as Excel's General format shows it: no float noise, no trailing ".0"."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def _number(value: float, fmt: str) -> str:
    codes = _format_codes(fmt)
    if fmt == "General" or not re.search(r"[0#?]", codes) or "e" in codes:
        return general(value)
    decimals = len(re.sub(r"[^0#?]", "", codes.split(".", 1)[1])) if "." in codes else 0
    if "%" in codes:
        return f"{value * 100:.{decimals}f}%"
    text = f"{value:,.{decimals}f}" if "," in codes.split(".")[0] else f"{value:.{decimals}f}"
    symbol = next((s for s in "£$€" if s in fmt), "")
    return f"-{symbol}{text[1:]}" if symbol and text.startswith("-") else symbol + text


# --- colours -------------------------------------------------------------------------------


class Colours:
    """Resolves a cell's solid fill to hex RRGGBB: rgb, the workbook's theme, its palette."""

    def __init__(self, workbook: Any) -> None:
        self.indexed = list(getattr(workbook, "_colors", None) or COLOR_INDEX)
        self.theme = _theme_colours(getattr(workbook, "loaded_theme", None))

    def fill(self, cell: Any) -> str | None:
        fill = getattr(cell, "fill", None)
        if fill is None or getattr(fill, "fill_type", None) != "solid":
            return None
        rgb = self.resolve(fill.fgColor)
        return None if rgb is None or rgb in _NO_FILL else rgb

    def resolve(self, colour: Any) -> str | None:
        if colour is None:
            return None
        if colour.type == "rgb" and isinstance(colour.rgb, str):
            return colour.rgb[-6:].upper()
        if colour.type == "indexed" and isinstance(colour.indexed, int):
            if 0 <= colour.indexed < len(self.indexed):
                return self.indexed[colour.indexed][-6:].upper()
            return None  # 64/65: the system's foreground/background, not a colour
        if colour.type == "theme" and isinstance(colour.theme, int) and (
                0 <= colour.theme < len(self.theme)):
            return _tinted(self.theme[colour.theme], colour.tint or 0.0)
        return None


def _theme_colours(xml: bytes | None) -> tuple[str, ...]:
    if not xml:
        return _OFFICE_THEME
    try:
        scheme = ElementTree.fromstring(xml).find(f".//{_A}clrScheme")
    except ElementTree.ParseError:
        return _OFFICE_THEME
    if scheme is None:
        return _OFFICE_THEME
    out = []
    for slot, default in zip(_THEME_SLOTS, _OFFICE_THEME, strict=True):
        el = scheme.find(f"{_A}{slot}")
        child = el[0] if el is not None and len(el) else None
        value = None if child is None else child.get("val") if child.tag == f"{_A}srgbClr" else (
            child.get("lastClr"))
        out.append(value.upper() if value and len(value) == 6 else default)
    return tuple(out)


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) in HLS lightness."""
    if not tint:
        return rgb
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, min(max(light, 0.0), 1.0), s)
    return "".join(f"{round(x * 255):02X}" for x in (r, g, b))
