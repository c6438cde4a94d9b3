#!/usr/bin/env python3
"""Validate Suivi command and event messages against the JSON Schemas in Schemas/, independently of Suivi.

Usage:
    validate.py                 validate every example under Schemas/examples/
    validate.py FILE...         validate the given files (.json: one message; .ndjson: one per line)
    validate.py --schema outcome.schema.json FILE...
                                validate the given files against one schema of this folder (such as the
                                outcomes read from suivi.outcomes) instead of choosing it by `type`

Prints one JSON verdict per message on standard output:
    {"file": ..., "line": N (ndjson only), "schema": ..., "valid": true|false,
     "errors": [{"path": "$.data.scope.validFrom", "keyword": "anyOf", "message": ...}], "agrees": true|false}

The schema is chosen as Suivi chooses the decoder: by the message's `type` (commands/<Name>.schema.json),
or the envelope schema alone when `type` names no command. The three accepted aliases (ALIASES below:
suivi.command.ConsentGiven is GiveConsent, ...) have their own schemas, commands/<Alias>.schema.json, whose
data is their primary command's; the verdict names the primary command in `command`. An event as published on suivi.events
(`type` suivi.event.<Name>) is checked against events/<Name>.schema.json, or the event envelope schema
alone when `type` names no event. Paths and keywords are normalised to the convention of Suivi's
decoder: a missing member is reported at its own path (`$.data.reason`, keyword `required`), and each
unknown member at its own path (keyword `additionalProperties`).

For examples, `agrees` says whether the verdict is what the file promises: valid-N.json valid, and
invalid-N.json invalid with exactly the violation in invalid-N.expect.json. The exit status is 0 when
every verdict agrees (and, for other files, when every message is valid), 1 otherwise, 2 on usage errors.

Needs jsonschema (Draft 2020-12) and referencing; $refs are resolved from the files here, never fetched.
"date-time" is checked by a strict RFC 3339 checker defined below, so that the result does not depend
on which optional format packages are installed.
"""
import datetime
import json
import pathlib
import re
import sys

try:
    import jsonschema
    from referencing import Registry, Resource
except ImportError as error:  # pragma: no cover
    print(json.dumps({"error": f"{error}; install jsonschema (the venv of ops/ has it)"}))
    sys.exit(2)

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = SCHEMAS / "examples"
PREFIX = "suivi.command."
EVENT_PREFIX = "suivi.event."
BASE = "https://suivi.invalid/schemas/"
# The names Suivi accepts as synonyms of three commands (CommandType.aliases in Suivi): the same command,
# same data and same fingerprint. A test checks that this table is Suivi's.
ALIASES = {
    "ConsentGiven": "GiveConsent",
    "ConsultationHeld": "RecordConsultationHeld",
    "ReportSubmitted": "SubmitReport",
}

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$", re.ASCII)


def is_rfc3339(text):
    """RFC 3339 section 5.6 date-time, with a time zone; a leap second (60) is accepted. As Suivi, only
    instants in the years 0001 to 9999 in UTC: year 0000 is RFC 3339, but PostgreSQL cannot keep it as text."""
    if not isinstance(text, str):
        return True
    match = _RFC3339.match(text)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = datetime.timedelta(0)
    if match.group(9):
        hours, minutes = int(match.group(10)), int(match.group(11))
        if hours > 23 or minutes > 59:
            return False
        offset = datetime.timedelta(hours=hours, minutes=minutes) * (-1 if match.group(9) == "-" else 1)
    try:
        local = datetime.datetime(year, month, day, hour, minute, min(second, 59))
        _ = local - offset  # the instant in UTC, refused (OverflowError) outside the years 1 to 9999
    except (ValueError, OverflowError):
        return False
    return True


def format_checker():
    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(is_rfc3339)
    return checker


def load_registry():
    resources = []
    for path in sorted(SCHEMAS.rglob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = load_registry()
CHECKER = format_checker()


def command_name(message):
    """The primary name of the command a message's `type` names (an alias resolved), or None."""
    kind = message.get("type") if isinstance(message, dict) else None
    if not (isinstance(kind, str) and kind.startswith(PREFIX)):
        return None
    name = kind[len(PREFIX):]
    name = ALIASES.get(name, name)
    return name if (SCHEMAS / "commands" / f"{name}.schema.json").exists() else None


def schema_for(message):
    """The $id of the schema that Suivi would apply to this message."""
    base = BASE
    kind = message.get("type") if isinstance(message, dict) else None
    if isinstance(kind, str) and kind.startswith(PREFIX):
        name = kind[len(PREFIX):]
        if (SCHEMAS / "commands" / f"{name}.schema.json").exists():
            return base + f"commands/{name}.schema.json"
    if isinstance(kind, str) and kind.startswith(EVENT_PREFIX):
        name = kind[len(EVENT_PREFIX):]
        if re.fullmatch(r"[A-Z][A-Za-z]*", name) and (SCHEMAS / "events" / f"{name}.schema.json").exists():
            return base + f"events/{name}.schema.json"
        return base + "events/event-envelope.schema.json"
    return base + "envelope.schema.json"


def json_path(elements):
    path = "$"
    for element in elements:
        path += f"[{element}]" if isinstance(element, int) else f".{element}"
    return path


def normalise(error):
    """One or more (path, keyword, message) in the decoder's convention."""
    path = json_path(error.absolute_path)
    if error.validator == "required":
        missing = re.match(r"^'(.*)' is a required property$", error.message)
        name = missing.group(1) if missing else "?"
        return [(f"{path}.{name}", "required", error.message)]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extras = sorted(key for key in error.instance if key not in known)
        return [(f"{path}.{key}", "additionalProperties", error.message) for key in extras]
    return [(path, error.validator, error.message)]


def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate member {key!r}")
        seen[key] = value
    return seen


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def validate_text(text, schema_id=None):
    """(schema id or None, [(path, keyword, message)], message or None) for one message's text; the schema
    is chosen by `type` unless one is given."""
    try:
        message = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant)
    except ValueError as error:
        return None, [("$", "syntax", str(error))], None
    schema_id = schema_id or schema_for(message)
    validator = jsonschema.Draft202012Validator(
        REGISTRY.contents(schema_id), registry=REGISTRY, format_checker=CHECKER)
    found = set()
    for error in validator.iter_errors(message):
        for item in normalise(error):
            found.add(item)
    return schema_id, sorted(found), message


def expectation(path):
    """What an example promises: (True, None) for valid-*, (False, expect) for invalid-*, None otherwise."""
    name = path.name
    if name.startswith("valid-") and name.endswith(".json"):
        return True, None
    if name.startswith("invalid-") and name.endswith(".json") and not name.endswith(".expect.json"):
        sidecar = path.with_name(name[: -len(".json")] + ".expect.json")
        return False, json.loads(sidecar.read_text(encoding="utf-8"))
    return None


def verdict(file, text, line=None, schema=None):
    schema_id, errors, message = validate_text(text, schema)
    result = {"file": str(file)}
    if line is not None:
        result["line"] = line
    result["schema"] = schema_id.rsplit("/schemas/", 1)[-1] if schema_id else None
    if schema is None and result["schema"] and result["schema"].startswith("commands/"):
        result["command"] = command_name(message)
    result["valid"] = not errors
    result["errors"] = [{"path": p, "keyword": k, "message": m} for p, k, m in errors]
    promise = expectation(pathlib.Path(file)) if line is None and schema is None else None
    if promise is None:
        result["agrees"] = result["valid"]
    elif promise[0]:
        result["agrees"] = result["valid"]
    else:
        expect = promise[1]
        result["agrees"] = [(e["path"], e["keyword"]) for e in result["errors"]] == [(expect["path"], expect["keyword"])]
    return result


def files_to_check(arguments):
    if arguments:
        return [pathlib.Path(argument) for argument in arguments]
    return sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix in (".json", ".ndjson")
                  and ".expect." not in p.name)


def main(arguments):
    schema = None
    if arguments[:1] == ["--schema"]:
        if len(arguments) < 3:
            print(json.dumps({"error": "usage: validate.py --schema NAME.schema.json FILE..."}))
            return 2
        schema = BASE + arguments[1]
        if not (SCHEMAS / arguments[1]).is_file():
            print(json.dumps({"error": f"no schema {arguments[1]} in {SCHEMAS}"}))
            return 2
        arguments = arguments[2:]
    ok = True
    for path in files_to_check(arguments):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(json.dumps({"file": str(path), "valid": False, "agrees": False,
                              "errors": [{"path": "$", "keyword": "syntax", "message": str(error)}]}))
            ok = False
            continue
        if path.suffix == ".ndjson":
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    result = verdict(path, line, line=number, schema=schema)
                    ok = ok and result["agrees"]
                    print(json.dumps(result, ensure_ascii=False))
        else:
            result = verdict(path, text, schema=schema)
            ok = ok and result["agrees"]
            print(json.dumps(result, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
