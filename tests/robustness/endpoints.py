"""Every URL pattern of the project, and concrete paths for it.

``endpoints()`` walks ``get_resolver().url_patterns`` recursively, so a page or endpoint added later
is swept without touching the test. A path converter is filled from the seeded data when the word
before it names a known object (``.../sekolah/<int:pk>/`` → a school of the scenario), with a
non-existent value, and (for string converters) with garbage.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern

# Django's own admin: only its index is swept (brief H11).
ADMIN_PREFIX = "admin/"

# Values for a path segment that exists nowhere in the data.
INT_ABSENT = (999999, 99999999999999999999)
STR_ABSENT = ("ZZZ",)
STR_GARBAGE = ("1;DROP TABLE pmm_user", "ñ😀\u202e漢字", "a\x00b")


@dataclass(frozen=True)
class Part:
    text: str
    regex: bool


@dataclass(frozen=True)
class Endpoint:
    route: str  # as ResolverMatch.route gives it
    name: str  # namespace:name
    callback: object = field(compare=False, repr=False)
    parts: tuple[Part, ...] = field(compare=False, repr=False)
    kwargs: tuple[tuple[str, str], ...] = ()  # (name, converter kind)

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def is_drf(self) -> bool:
        return getattr(self.callback, "cls", None) is not None

    def implements(self, method: str) -> bool | None:
        """Whether the view has a handler for ``method``; None when it cannot be told (functions)."""
        cls = self.view_class
        if cls is None:
            return None
        return hasattr(cls, method.lower())

    @property
    def module(self) -> str:
        cls = self.view_class
        return (cls or self.callback).__module__

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/v1/")

    @property
    def is_ekinerja_api(self) -> bool:
        return self.route.startswith("ekinerja/api/")

    def build(self, values: dict[str, object]) -> str | None:
        """The quoted path for ``values``, or None when it does not resolve back to this pattern."""
        out = []
        for part in self.parts:
            text = part.text
            if part.regex:
                text = re.sub(
                    r"\(\?P<(\w+)>(?:[^()\\]|\\.)*\)", lambda m: quote(str(values[m.group(1)]), safe=""), text
                )
                text = re.sub(r"\\(.)", r"\1", text.lstrip("^").rstrip("$"))
            else:
                text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: quote(str(values[m.group(1)]), safe=""), text)
            out.append(text)
        path = "/" + "".join(out)
        try:
            match = resolve(unquote(path))
        except (Resolver404, ValueError, OverflowError):
            return None
        return path if match.route == self.route else None


def _join(route1: str, route2: str) -> str:
    # django.urls.resolvers._join_route: the second route loses its leading ^.
    return route1 + (route2[1:] if route2.startswith("^") else route2)


def _kinds(pattern) -> list[tuple[str, str]]:
    if isinstance(pattern, RegexPattern):
        return [(name, "regex") for name in pattern.regex.groupindex]
    return [
        (name, type(conv).__name__.replace("Converter", "").lower())
        for name, conv in getattr(pattern, "converters", {}).items()
    ]


def _walk(patterns, parts=(), route="", namespace=None):
    for p in patterns:
        part = Part(str(p.pattern), isinstance(p.pattern, RegexPattern))
        here = _join(route, str(p.pattern))
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, (*parts, part), here, ns)
        elif isinstance(p, URLPattern):
            yield here, ":".join(x for x in (namespace, p.name) if x), p.callback, (*parts, part)


def endpoints() -> list[Endpoint]:
    result, seen = [], set()
    for route, name, callback, parts in _walk(get_resolver().url_patterns):
        if route.startswith(ADMIN_PREFIX) and route != ADMIN_PREFIX:
            continue
        if route in seen:
            continue
        seen.add(route)
        kwargs = []
        for part in parts:
            kwargs += _kinds(_pattern_of(part))
        result.append(Endpoint(route, name, callback, parts, tuple(kwargs)))
    return result


def _pattern_of(part: Part):
    if part.regex:
        return RegexPattern(part.text)
    from django.urls.resolvers import RoutePattern

    return RoutePattern(part.text)


def _word_before(endpoint: Endpoint, kwarg: str) -> str:
    """The path word just before a converter: ``sekolah`` in ``sekolah/<int:pk>/``."""
    name = re.escape(kwarg)
    m = re.search(rf"([\w\-]+)[/.]?(?:<(?:\w+:)?{name}>|\(\?P<{name}>)", endpoint.route)
    return m.group(1) if m else ""


def fills(endpoint: Endpoint, known: dict) -> list[tuple[str, dict]]:
    """``[(label, kwargs)]``: the seeded value first (label ``ada``), then absent and garbage ones.

    ``known`` maps ``(word before the converter, kwarg)`` or ``kwarg`` alone, or the route itself for
    the patterns whose values depend on each other, to a list of valid values.
    """
    if not endpoint.kwargs:
        return [("ada", {})]
    if endpoint.route in known:
        valid = [("ada" if i == 0 else f"ada#{i + 1}", dict(v)) for i, v in enumerate(known[endpoint.route])]
    else:
        combo = {}
        for name, _kind in endpoint.kwargs:
            word = _word_before(endpoint, name)
            value = known.get((word, name), known.get(name))
            combo[name] = value if value is not None else (1 if _kind == "int" else "ZZZ")
        valid = [("ada", combo)]
    base = valid[0][1]
    out = list(valid)
    for name, kind in endpoint.kwargs:
        if kind == "int":
            out += [(f"{name}={v!r}", {**base, name: v}) for v in INT_ABSENT]
        else:
            out += [(f"{name}={v!r}", {**base, name: v}) for v in STR_ABSENT + STR_GARBAGE]
    return out
