"""A page's objects (chars, rects, lines, curves, images) as pdfplumber gives them, built in a
third of the time.

Why: pdfplumber turns every pdfminer layout object into a dict through a generic path (each
attribute filtered through a closure and resolved recursively, even plain floats); on a plan
that is 40% of all reading time, ahead of the table finder and of this project's own work.
`page_objects` builds the same dicts (same keys in the same order, same values: checked against
pdfplumber's own `Page.parse_objects` in tests/test_pdf_objects.py) with the common cases taken
directly, and stores them where pdfplumber looks first (`Page._objects`), so `page.chars`,
`extract_words` and `find_tables` work unchanged. Anything unexpected (layout analysis
switched on, an object type or attribute not seen before) goes through pdfplumber's own code.
"""

from __future__ import annotations

import re
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

_PLAIN = frozenset({int, float, str, bool, type(None)})
_KINDS: dict[type, str] = {}
_LT = re.compile(r"^LT")


def _kind(cls: type) -> str:
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = _LT.sub("", cls.__name__).lower()
    return kind


def _plain_tuple(value: Any) -> bool:
    return type(value) is tuple and _PLAIN.issuperset(map(type, value))


def page_objects(page: Page) -> dict[str, list[dict[str, Any]]]:
    """pdfplumber's `page.objects`, computed faster and cached on the page."""
    if hasattr(page, "_objects"):
        return page._objects
    if page.pdf.laparams is not None or type(page) is not Page:
        return page.objects  # containers are objects too then: pdfplumber's own path
    objects: dict[str, list[dict[str, Any]]] = {}
    convert = _Converter(page)
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
            continue
        if isinstance(obj, LTContainer):
            stack.append(iter(obj._objs))
            continue
        attr = convert(obj)
        kind = attr["object_type"]
        if kind == "anno":
            continue
        objects.setdefault(kind, []).append(attr)
    page._objects = objects
    return objects


class _Converter:
    """Page.process_object with its constants looked up once per page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.number = page.page_number
        self.height = page.height
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.doctop = page.initial_doctop
        self.norm = page.pdf.unicode_norm
        self.names: dict[str, Any] = {}  # colour space name -> decoded (the same on every char)

    def __call__(self, obj: Any) -> dict[str, Any]:
        attr: dict[str, Any] = {}
        for k, v in obj.__dict__.items():
            if k in ALL_ATTRS:
                attr[k] = v if type(v) in _PLAIN or _plain_tuple(v) else resolve_all(v)
        attr["object_type"] = _kind(type(obj))
        attr["page_number"] = self.number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                name = getattr(obj, cs).name
                if type(name) is str:
                    if name not in self.names:
                        self.names[name] = resolve_and_decode(name)
                    attr[cs] = self.names[name]
                else:
                    attr[cs] = resolve_and_decode(name)
        if isinstance(obj, LTChar | LTTextContainer):
            text = obj.get_text()
            attr["text"] = normalize_unicode(self.norm, text) if self.norm is not None else text
        if isinstance(obj, LTChar):
            gs = obj.graphicstate
            attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
            attr["non_stroking_color"] = (gs.ncolor if isinstance(gs.ncolor, tuple)
                                          else (gs.ncolor,))
            if isinstance(attr["fontname"], bytes):
                return self.page.process_object(obj)  # rare: pdfplumber decodes it
        elif isinstance(obj, LTCurve):
            point = self.page.point2coord
            attr["pts"] = list(map(point, attr["pts"]))
            attr["path"] = [(cmd, *map(point, pts)) for cmd, *pts in obj.original_path]
            attr["dash"] = obj.dashing_style
        if "y0" in attr:
            top = (self.height - attr["y1"]) + self.mb_top
            attr["top"] = top
            attr["bottom"] = (self.height - attr["y0"]) + self.mb_top
            attr["doctop"] = self.doctop + top
        if "x0" in attr and self.mb_x0 != 0:
            attr["x0"] = attr["x0"] + self.mb_x0
            attr["x1"] = attr["x1"] + self.mb_x0
        return attr
