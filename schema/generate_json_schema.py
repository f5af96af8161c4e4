"""Writes eco-certificate-of-origin-1.schema.json, the JSON Schema of the JSON binding.

Run from the repository root: python3 schema/generate_json_schema.py
The structure below mirrors schema/eco-certificate-of-origin-1.xsd element for element; a Node test
cross-checks the schema with ajv against the validator on the JSON fixtures and edge cases.
Optional members may be null (the reader treats null as absent, as JavaScript callers expect).
"""
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "eco-certificate-of-origin-1.schema.json"


def ref(name):
    return {"$ref": f"#/$defs/{name}"}


def obj(box, members):
    """members: (json name, type, required, description); 'many' types are ('array', item, min)."""
    props, required = {}, []
    for name, typ, req, *doc in members:
        if isinstance(typ, tuple):
            _, item, minimum = typ
            schema = {"type": "array", "items": item}
            if minimum:
                schema["minItems"] = minimum
        else:
            schema = dict(typ)
        if doc:
            schema = {"description": doc[0], **schema} if "$ref" not in schema else {"description": doc[0], "allOf": [schema]}
        if req:
            required.append(name)
        else:
            schema = {"anyOf": [{"type": "null"}, schema]}
        props[name] = schema
    out = {"type": "object", "properties": props, "additionalProperties": False}
    if box:
        out = {"description": box, **out}
    if required:
        out["required"] = required
    return out


def many(item, minimum=0):
    return ("array", item, minimum)


TEXT, DATE, DEC, COUNT, BOOL = ref("Text"), ref("Date"), ref("Decimal"), ref("Count"), ref("Boolean")
COUNTRY = ref("CountryCode")

defs = {
    "Text": {"type": "string", "pattern": "\\S"},
    "Date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"},
    "Decimal": {"description": "A non-negative decimal; a decimal string is the canonical form, a number is read from its text",
                "type": ["string", "number"], "pattern": "^[0-9]+(\\.[0-9]+)?$", "minimum": 0},
    "Count": {"type": "integer", "minimum": 1, "maximum": 4294967295},
    "Boolean": {"type": "boolean"},
    "CountryCode": {"description": "ISO 3166-1 alpha-2", "type": "string", "pattern": "^[A-Z]{2}$"},
    "CurrencyCode": {"description": "ISO 4217", "type": "string", "pattern": "^[A-Z]{3}$"},
    "UnitCode": {"description": "UN/ECE Recommendation 20", "type": "string", "pattern": "^[A-Z0-9]{2,3}$"},
    "PackageTypeCode": {"description": "UN/ECE Recommendation 21", "type": "string", "pattern": "^[A-Z0-9]{2}$"},
    "TransportModeCode": {"description": "UN/ECE Recommendation 19", "type": "string", "pattern": "^[0-9]{1,2}$"},
    "HsCode": {"description": "6, 8 or 10 digits, optionally dotted after the heading", "type": "string",
               "pattern": "^([0-9]{6}|[0-9]{8}|[0-9]{10}|[0-9]{4}(\\.[0-9]{2}){1,3})$"},
    "Measure": obj(None, [("value", DEC, True), ("unitCode", ref("UnitCode"), True)]),
    "Amount": obj(None, [("value", DEC, True), ("currencyId", ref("CurrencyCode"), True)]),
    "Address": obj(None, [("lineOne", TEXT, False), ("lineTwo", TEXT, False), ("cityName", TEXT, False),
                          ("postcodeCode", TEXT, False), ("countryId", COUNTRY, True)]),
    "Party": obj(None, [("name", TEXT, True), ("postalAddress", ref("Address"), True)]),
    "OptionalAddressParty": obj(None, [("name", TEXT, True), ("postalAddress", ref("Address"), False)]),
    "Header": obj("Header: Reference No., Issued in, agreement, form, e-Form D lifecycle", [
        ("id", TEXT, True, "Reference No."),
        ("agreementId", {"type": "string", "pattern": "^[A-Z][A-Z0-9-]{1,15}$",
                         "description": "An agreement code (ATIGA, RCEP, AKFTA, ACFTA, KCFTA, or any agreement a loaded profile defines)"}, True),
        ("formTypeCode", TEXT, True),
        ("issueDate", DATE, True),
        ("issueCountryId", COUNTRY, True, "Issued in (Country)"),
        ("statusCode", {"enum": ["ISSUED", "CANCELLED", "REPLACED"]}, False),
        ("replacedById", TEXT, False),
        ("certifiedTrueCopy", obj("Box 12: CERTIFIED TRUE COPY (OCP Rule 12)",
                                  [("replacingId", TEXT, True), ("originalIssueDate", DATE, True)]), False),
        ("remarks", TEXT, False),
    ]),
    "Transport": obj("Box 3", [
        ("departureDate", DATE, True), ("modeCode", ref("TransportModeCode"), False),
        ("transportMeansName", TEXT, False, "Vessel's name / aircraft"), ("loadingPortName", TEXT, False),
        ("unloadingPortName", TEXT, False, "Port of discharge"),
    ]),
    "Item": {
        **obj("Boxes 5-10: one goods item", [
            ("sequenceNumeric", COUNT, True, "Box 5"),
            ("marksText", TEXT, False, "Box 6"),
            ("packageQuantity", COUNT, False, "Box 7"),
            ("packageTypeCode", ref("PackageTypeCode"), False, "Box 7"),
            ("description", TEXT, True, "Box 7"),
            ("manufacturerName", TEXT, False, "Box 7 (overleaf note 5)"),
            ("harmonisedTariffCode", ref("HsCode"), True, "Box 7 (overleaf note 6)"),
            ("originCriteriaText", TEXT, True, "Box 8 (overleaf note 3)"),
            ("originCountryId", COUNTRY, False, "Country of origin (RCEP)"),
            ("grossWeight", ref("Measure"), False, "Box 9"),
            ("quantity", ref("Measure"), False, "Box 9"),
            ("fobAmount", ref("Amount"), False, "Box 9 (overleaf note 10)"),
            ("invoices", many(obj("Box 10", [("id", TEXT, True), ("issueDate", DATE, True)]), 1), True, "Box 10"),
            ("thirdPartyInvoicer", ref("Party"), False, "Box 7: third-country invoicing (OCP Rule 23)"),
            ("originalProofs", many(obj(None, [("id", TEXT, True), ("issueDate", DATE, True),
                                               ("issueCountryId", COUNTRY, False),
                                               ("quantity", ref("Measure"), False)])), False,
             "Box 7: back-to-back (OCP Rule 11)"),
            ("producer", ref("OptionalAddressParty"), False, "Producer (RCEP, Korea-China)"),
        ]),
        "anyOf": [
            {"required": ["grossWeight"], "properties": {"grossWeight": {"type": "object"}}},
            {"required": ["quantity"], "properties": {"quantity": {"type": "object"}}},
        ],
    },
}

root = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:eco-validator:certificate-of-origin:1",
    "title": "Certificate of origin (eco-validator JSON binding, version 1)",
    "description": "The project's own binding (the official ATIGA e-Form D guideline is not public). "
                   "The validator checks more than this schema: code lists, Box 8 grammar, consistency.",
    **obj(None, [
        ("$schema", {"type": "string"}, False),
        ("exchangedDocument", ref("Header"), True),
        ("supplyChainConsignment", obj(None, [
            ("consignor", ref("Party"), True, "Box 1"),
            ("consignee", ref("Party"), True, "Box 2"),
            ("exhibition", ref("Party"), False, "Box 2: exhibition (OCP Rule 22)"),
            ("mainCarriageTransportMovement", ref("Transport"), True, "Box 3"),
            ("includedConsignmentItems", many(ref("Item"), 1), True, "Boxes 5-10"),
        ]), True),
        ("exporterDeclaration", obj("Box 11", [
            ("productionCountryId", COUNTRY, True), ("importingCountryId", COUNTRY, True),
            ("placeName", TEXT, True), ("signatureDate", DATE, True), ("signatoryName", TEXT, False),
        ]), True),
        ("certification", obj("Box 12", [
            ("placeName", TEXT, True), ("signatureDate", DATE, True), ("authorityName", TEXT, True),
            ("signatoryName", TEXT, False),
        ]), True),
        ("indicators", obj("Box 13: the seven ticks of Form D, Form E's Movement Certificate and other forms' ticks; an absent tick is not ticked", [
            (n, BOOL, False) for n in ["thirdCountryInvoicing", "exhibitionIndicator", "accumulation", "deMinimis",
                                       "backToBack", "issuedRetroactively", "partialCumulation", "movementCertificate"]
        ] + [("otherIndicators", many(TEXT), False)]), False),
        ("officialUse", obj("Box 4", [
            ("treatmentCode", {"enum": ["GIVEN", "NOT_GIVEN"]}, True),
            ("reasons", many(TEXT), False),
            ("refusedItemNumbers", many(COUNT), False),
            ("signatureDate", DATE, False),
            ("signatoryName", TEXT, False),
        ]), False),
    ]),
    "$defs": defs,
}

OUT.write_text(json.dumps(root, indent=2) + "\n")
print("wrote", OUT.name)
