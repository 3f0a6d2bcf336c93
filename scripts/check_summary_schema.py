#!/usr/bin/env python3
"""Validates summary.json files against Schemas/summary.schema.json with the `jsonschema` package
(JSON Schema draft 2020-12), outside runreport's own code.

    python3 scripts/check_summary_schema.py [--schema PATH] [--json] FILE...

Checks the schema itself against the draft's metaschema first. Prints one line per file (`ok`, or
each error with its JSON path); with --json, one JSON object per file instead
(`{"file", "valid", "errors": [{"path", "message"}]}`) after a first line
`{"jsonschema": VERSION}`, for SchemaTests. Exit 0 when every file is valid, 1 when one is not,
2 on a usage error or when jsonschema is missing.
"""

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path

try:
    import jsonschema
except ImportError:
    print(
        "check_summary_schema.py: the Python package jsonschema is missing "
        "(bash scripts/install-test-deps.sh installs it into .build-venv)",
        file=sys.stderr,
    )
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent


def flatten(errors):
    """Each error with its JSON path; an anyOf (a nullable object, an open enum) that nothing
    matched also gives the errors of its alternatives, so that the path names the key that is wrong,
    not only the object around it. Messages are cut: jsonschema quotes the whole instance."""
    for error in errors:
        message = error.message
        if error.validator in ("anyOf", "oneOf"):
            message = f"matches none of the {error.validator} alternatives"
        if len(message) > 300:
            message = message[:300] + "…"
        yield {"path": error.json_path, "message": message}
        if error.context:
            yield from flatten(error.context)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", default=str(ROOT / "Schemas" / "summary.schema.json"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)

    schema = json.loads(Path(args.schema).read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    if validator_class is not jsonschema.Draft202012Validator:
        print(f"{args.schema}: $schema does not name draft 2020-12", file=sys.stderr)
        return 2
    validator_class.check_schema(schema)
    # Formats stay annotations (the timestamp pattern does the checking); nothing is fetched: the
    # schema has no remote $ref.
    validator = validator_class(schema)

    version = metadata.version("jsonschema")
    if args.json:
        print(json.dumps({"jsonschema": version}))
    all_valid = True
    for name in args.files:
        try:
            document = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            errors = [{"path": "$", "message": f"not readable as JSON: {error}"}]
        else:
            errors = sorted(flatten(validator.iter_errors(document)), key=lambda e: (e["path"], e["message"]))
        all_valid = all_valid and not errors
        if args.json:
            print(json.dumps({"file": name, "valid": not errors, "errors": errors}))
        elif errors:
            for error in errors:
                print(f"{name}: {error['path']}: {error['message']}")
        else:
            print(f"{name}: ok")
    if not args.json:
        print(f"jsonschema {version}: {len(args.files)} file(s) checked")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
