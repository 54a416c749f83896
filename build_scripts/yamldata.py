"""YAML data files with line numbers, and a small declarative schema check.

Every problem is reported as `file:line: problem`, pointing at the key or item that is wrong.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from build_scripts.errors import UserError

Path_ = tuple  # a key path into the data: ("entries", 3, "en", "text")


@dataclass
class Located:
    """Parsed YAML plus the line of every key path."""

    path: str
    data: Any
    lines: dict[Path_, int]

    def line(self, key_path: Path_) -> int:
        while key_path and key_path not in self.lines:
            key_path = key_path[:-1]
        return self.lines.get(key_path, 1)

    def error(self, key_path: Path_, problem: str) -> UserError:
        return UserError(problem, self.path, self.line(key_path))


def load_yaml(path: str | Path) -> Located:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("no such file", name) from None
    except UnicodeDecodeError as err:
        raise UserError(f"not UTF-8 (byte {err.start})", name) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"invalid YAML: {problem}", name, mark.line + 1 if mark else None) from None
    lines: dict[Path_, int] = {}
    data = _convert(node, (), lines, name) if node is not None else None
    return Located(name, data, lines)


def _convert(node, key_path: Path_, lines: dict, name: str):
    lines[key_path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise UserError(f"duplicate key '{key}'", name, key_node.start_mark.line + 1)
            out[key] = _convert(value_node, key_path + (key,), lines, name)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key_path + (i,), lines, name) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(("")).construct_object(node, deep=True)


# ---- schema ----------------------------------------------------------------------------------------

@dataclass
class Field:
    kind: type | tuple  # str, int, bool, list, dict, dt.date, or a tuple of them
    required: bool = False
    nullable: bool = False
    choices: tuple | None = None
    schema: dict[str, "Field"] | None = None  # for dicts
    items: "Field | None" = None  # for lists
    check: Callable[[Any], str | None] | None = None  # returns a problem, or None
    doc: str = ""


def validate(located: Located, data: Any, schema: dict[str, Field], key_path: Path_ = ()) -> list[UserError]:
    """All problems found, in file order."""
    problems: list[UserError] = []
    if not isinstance(data, dict):
        return [located.error(key_path, "expected a mapping of keys to values")]
    for key in data:
        if key not in schema:
            known = ", ".join(sorted(schema))
            problems.append(located.error(key_path + (key,), f"unknown key '{key}' (known: {known})"))
    for key, spec in schema.items():
        if key not in data:
            if spec.required:
                problems.append(located.error(key_path, f"missing required key '{key}'"))
            continue
        problems.extend(_check_value(located, data[key], spec, key_path + (key,)))
    return sorted(problems, key=lambda e: e.line or 0)


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping",
             dt.date: "a date (YYYY-MM-DD)", float: "a number"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _check_value(located: Located, value: Any, spec: Field, key_path: Path_) -> list[UserError]:
    name = key_path[-1]
    if value is None:
        return [] if spec.nullable else [located.error(key_path, f"'{name}' must not be empty")]
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        return [located.error(key_path, f"'{name}' must be {_type_name(spec.kind)}, not {value!r}")]
    if spec.choices is not None and value not in spec.choices:
        return [located.error(key_path, f"'{name}' must be one of {', '.join(map(str, spec.choices))}, not {value!r}")]
    if spec.check is not None:
        problem = spec.check(value)
        if problem:
            return [located.error(key_path, problem)]
    if spec.schema is not None:
        return validate(located, value, spec.schema, key_path)
    if spec.items is not None:
        problems = []
        for i, item in enumerate(value):
            problems.extend(_check_value(located, item, spec.items, key_path + (i,)))
        return problems
    return []


def bilingual(required: bool = False, nullable: bool = True) -> Field:
    return Field(dict, required=required, nullable=nullable,
                 schema={"zh": Field(str, nullable=True), "en": Field(str, nullable=True)})


def schema_doc(schema: dict[str, Field], indent: str = "") -> list[str]:
    """A readable listing of a schema, for the README and `--help`."""
    out = []
    for key, spec in schema.items():
        need = "required" if spec.required else "optional"
        null = ", may be null (unknown)" if spec.nullable else ""
        choices = f"; one of {', '.join(map(str, spec.choices))}" if spec.choices else ""
        out.append(f"{indent}- `{key}`: {_type_name(spec.kind)}, {need}{null}{choices}. {spec.doc}".rstrip())
        if spec.schema:
            out.extend(schema_doc(spec.schema, indent + "  "))
    return out


def jsonable(value):
    """YAML data as JSON-ready data: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
