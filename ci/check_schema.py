"""Conformance: the committed JSON Schema against the 2020-12 meta-schema, and every
out/*/plan.json against the committed schema, with Python's jsonschema (not our validator)."""

import copy
import glob
import json
import sys

import jsonschema

out = sys.argv[1] if len(sys.argv) > 1 else "out"
schema = json.load(open("schema/plan.schema.json", encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
print("schema/plan.schema.json: valid against the 2020-12 meta-schema")

validator = jsonschema.Draft202012Validator(schema)
paths = sorted(glob.glob(f"{out}/*/plan.json"))
if not paths:
    sys.exit(f"no {out}/*/plan.json to check")
failed = 0
for path in paths:
    doc = json.load(open(path, encoding="utf-8"))
    errors = list(validator.iter_errors(doc))
    for e in errors[:20]:
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed += bool(errors)
    print(f"{path}: {'INVALID' if errors else 'valid'} ({len(errors)} errors)")

# The check must be able to fail: broken copies are rejected. Dropping the required
# schemaVersion works on every plan; a funding level outside the codelist needs a standard.
def must_reject(what, doc):
    if validator.is_valid(doc):
        sys.exit(f"a plan.json with {what} passed the schema: the check is toothless")
    print(f"a plan.json with {what} is rejected, as it should be")

original = json.load(open(paths[0], encoding="utf-8"))
broken = copy.deepcopy(original)
del broken["schemaVersion"]
must_reject("no schemaVersion", broken)
if original["standards"]:
    broken = copy.deepcopy(original)
    broken["standards"][0]["funding"]["levels"] = ["galactic"]
    must_reject('a funding level "galactic"', broken)
sys.exit(1 if failed else 0)
