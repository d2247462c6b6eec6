#!/usr/bin/env python3
"""Validates FFB reports (FHIR Bundles written by `openvum export ffb --out DIR`) with the `fhir.resources` models.

OpenVUM checks every rule of KL's FFB reporting profile itself (FFBValidation, one Swift test per rule). This is the
independent check of the base FHIR layer: each Bundle must parse as a FHIR Bundle whose entries are the resources
they claim to be, with no element FHIR does not define (pydantic forbids extras), every datatype in its FHIR format
(dates, instants, ids), and the base resources' required code bindings the models leave open (the status codes).

fhir.resources 8 ships FHIR R4B (4.3.0) and R5; the profile is on R4 (4.0.1). For the resources the report uses
(Bundle, Patient, ServiceRequest, ClinicalImpression, Condition, Goal, CarePlan, CareTeam, Encounter, Observation)
R4B changed nothing the report writes, so the R4B models are the check.

Usage: validate_fhir.py DIR   (exit 1 when a Bundle fails, or when the self-check finds the validator blind)
"""
import copy
import glob
import json
import os
import sys

from fhir.resources.R4B.bundle import Bundle

# Required bindings of the base resources (FHIR R4), for the elements the report writes.
REQUIRED_CODES = {
    ("ServiceRequest", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("ServiceRequest", "intent"): {"proposal", "plan", "directive", "order", "original-order", "reflex-order", "filler-order", "instance-order", "option"},
    ("ClinicalImpression", "status"): {"in-progress", "completed", "entered-in-error"},
    ("Goal", "lifecycleStatus"): {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled", "entered-in-error", "rejected"},
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Encounter", "status"): {"planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled", "entered-in-error", "unknown"},
    ("Observation", "status"): {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"},
}
ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped", "unknown", "entered-in-error"}
CLINICAL = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}


def problems(bundle):
    """What is wrong with one Bundle (a dict), as text; empty when it is valid."""
    found = []
    try:
        parsed = Bundle.model_validate(bundle)
    except Exception as e:  # pydantic's ValidationError, and the models' own value errors
        return [f"fhir.resources: {e}"]
    for n, (entry, raw) in enumerate(zip(parsed.entry or [], bundle.get("entry", []))):
        resource = raw.get("resource", {})
        kind = resource.get("resourceType")
        if type(entry.resource).__name__ != kind:
            found.append(f"entry {n}: parsed as {type(entry.resource).__name__}, not {kind}")
        for (rtype, element), codes in REQUIRED_CODES.items():
            if kind == rtype and element in resource and resource[element] not in codes:
                found.append(f"entry {n}: {kind}.{element} = {resource[element]!r} is not in its required value set")
        if kind == "CarePlan":
            for a in resource.get("activity", []):
                status = a.get("detail", {}).get("status")
                if status is not None and status not in ACTIVITY_STATUS:
                    found.append(f"entry {n}: CarePlan.activity.detail.status = {status!r} is not in care-plan-activity-status")
        if kind == "Condition":
            for c in resource.get("clinicalStatus", {}).get("coding", []):
                if c.get("system") == "http://terminology.hl7.org/CodeSystem/condition-clinical" and c.get("code") not in CLINICAL:
                    found.append(f"entry {n}: Condition.clinicalStatus {c.get('code')!r} is not in condition-clinical")
    return found


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
    if not files:
        print(f"validate_fhir: no Bundles in {sys.argv[1]}", file=sys.stderr)
        return 1
    failed = 0
    resources = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            bundle = json.load(fh)
        resources += len(bundle.get("entry", []))
        for p in problems(bundle):
            failed += 1
            print(f"{os.path.basename(f)}: {p}", file=sys.stderr)
    # The check must be able to fail: an element FHIR does not define, a status outside its value set, a bad date.
    with open(files[0], encoding="utf-8") as fh:
        sample = json.load(fh)
    broken = []
    for mutate in (
        lambda b: b["entry"][0]["resource"].__setitem__("nickname", "x"),
        lambda b: b["entry"][1]["resource"].__setitem__("status", "finished-ish"),
        lambda b: b.__setitem__("timestamp", "i går"),
    ):
        b = copy.deepcopy(sample)
        mutate(b)
        broken.append(bool(problems(b)))
    if not all(broken):
        print(f"validate_fhir: the self-check was not rejected: {broken}", file=sys.stderr)
        return 1
    if failed:
        print(f"validate_fhir: {failed} problem(s) in {len(files)} Bundle(s)", file=sys.stderr)
        return 1
    print(f"validate_fhir: {len(files)} Bundle(s) with {resources} resources are valid FHIR (fhir.resources R4B models)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
