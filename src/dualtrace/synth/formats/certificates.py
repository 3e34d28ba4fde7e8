"""EAEU declarations of conformity in the shape the Rosaccreditation (FSA) registry API returns
for one declaration (`/api/v1/rds/common/declarations/{id}`), one JSON file per declaration.

Every key of the registry's detail record is written, with null where the registry gives null,
so a parser written against the real response reads these unchanged. Two liberties, both
labelled: `idTnveds` holds the TN VED codes themselves (the registry holds ids into its code
list, which is not public), and the synthetic marker goes where the registry keeps free text
(the product identification's `description` and the status change `comment`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

STATUS_VALID = 6
STATUS_DRAFT = 20


@dataclass(frozen=True, slots=True)
class Subject:
    """An applicant (Russian legal entity) or a foreign manufacturer."""

    full_name: str
    oksm: str
    """Country as the registry gives it: the OKSM numeric code ('643', '156')."""
    address: str
    short_name: str | None = None
    inn: str | None = None
    ogrn: str | None = None
    kpp: str | None = None
    registered: date | None = None
    head_surname: str | None = None
    head_first_name: str | None = None
    head_patronymic: str | None = None
    addl_reg_info: str | None = None
    post_code: str | None = None


@dataclass(frozen=True, slots=True)
class Conformity:
    id: int
    number: str
    registered: date
    expires: date
    applicant: Subject
    manufacturer: Subject
    product_name: str
    product_origin_oksm: str
    trademark: str | None
    model: str | None
    tnveds: tuple[str, ...]
    lab_name: str
    protocol_number: str
    protocol_date: date
    remarks: str


def _address(addr_id: int, subject: Subject, addr_type: int = 1) -> dict[str, Any]:
    foreign = subject.oksm != "643"
    return {
        "idAddress": addr_id,
        "idAddrType": addr_type,
        "idCodeOksm": subject.oksm,
        "oksmShort": True,
        "idSubject": None,
        "idDistrict": None,
        "idCity": None,
        "idLocality": None,
        "idStreet": None,
        "idHouse": None,
        "flat": None,
        "postCode": None if foreign else subject.post_code,
        "fullAddress": subject.address,
        "gln": None,
        "foreignDistrict": subject.address.split(", ", 1)[-1] if foreign else None,
        "foreignCity": None,
        "foreignLocality": None,
        "foreignStreet": None,
        "foreignHouse": None,
        "uniqueAddress": None,
        "otherGln": None,
        "glonass": None,
    }


def _subject(base: int, s: Subject, *, applicant: bool) -> dict[str, Any]:
    russian = s.oksm == "643"
    head = s.head_surname is not None
    out: dict[str, Any] = {
        "idLegalSubject": base,
        "idEgrul": 0,
    }
    if applicant:
        out["idApplicantType"] = 1
    out |= {
        "idLegalSubjectType": 1 if russian else 3,
        "fullName": s.full_name,
        "shortName": s.short_name,
        "idPerson": base + 1 if head else None,
        "surname": s.head_surname,
        "firstName": s.head_first_name,
        "patronymic": s.head_patronymic,
        "headPosition": "Генеральный директор" if head else None,
        "applicantHead": applicant and head,
        "idResponsiblePerson": base + 2 if head else None,
        "responsibleSurname": s.head_surname,
        "responsibleFirstName": s.head_first_name,
        "responsiblePatronymic": s.head_patronymic,
        "responsiblePosition": "Генеральный директор" if head else None,
        "responsibleDocName": None,
        "responsibleDocNumber": None,
        "responsibleDocDate": None,
        "responsibleContacts": [] if applicant else None,
        "ogrn": s.ogrn,
        "ogrnAssignDate": s.registered.isoformat() if s.registered and s.ogrn else None,
        "inn": s.inn,
        "kpp": s.kpp,
        "idLegalForm": 9 if russian else None,
        "idKopf": None,
        "nameLegalForm": None,
        "regDate": s.registered.isoformat() if s.registered else None,
        "regOrganName": None,
        "addlRegInfo": s.addl_reg_info,
        "isEecRegister": russian,
        "contacts": [],
        "addresses": [_address(base + 3, s)],
        "transnational": [],
    }
    return out


def conformity_json(c: Conformity) -> dict[str, Any]:
    """The registry's detail record for one declaration."""
    base = c.id * 10
    stamp = f"{c.registered.isoformat()}T12:05:07.293"
    return {
        "idDeclaration": c.id,
        "idTechnicalReglaments": [97161],
        "idDeclScheme": 126,
        "idObjectDeclType": 3,
        "idGroups": [18127],
        "idDeclType": 2,
        "idProductSingleLists": [],
        "awaitForApprove": False,
        "editApp": False,
        "unpublishedChanges": False,
        "idStatus": STATUS_VALID,
        "assignRegNumber": False,
        "number": c.number,
        "submissionDate": None,
        "declRegDate": c.registered.isoformat(),
        "declEndDate": c.expires.isoformat(),
        "noSanction": True,
        "lastUpdate": stamp,
        "idSigner": None,
        "idSignerEmployee": None,
        "firstName": None,
        "surname": None,
        "patronymic": None,
        "annexes": [],
        "applicant": _subject(base + 1, c.applicant, applicant=True),
        "applicantFilials": [],
        "manufIsApplicant": False,
        "manufacturer": _subject(base + 5, c.manufacturer, applicant=False),
        "manufacturerFilials": [],
        "certificationAuthority": None,
        "accreditationBody": None,
        "product": {
            "idProduct": base + 7,
            "idProductOrigin": c.product_origin_oksm,
            "fullName": c.product_name,
            "marking": None,
            "usageScope": None,
            "storageCondition": None,
            "usageCondition": None,
            "batchSize": None,
            "batchId": None,
            "identification": None,
            "identifications": [
                {
                    "idIdentification": base + 8,
                    "annex": False,
                    "name": c.product_name,
                    "type": None,
                    "tradeMark": c.trademark,
                    "model": c.model,
                    "article": None,
                    "sort": None,
                    "idOkpds": [],
                    "idTnveds": [int(code) for code in c.tnveds],
                    "gtin": [""],
                    "lifeTime": None,
                    "storageTime": None,
                    "description": c.remarks,
                    "amount": None,
                    "idOkei": None,
                    "factoryNumber": None,
                    "productionDate": None,
                    "expiryDate": None,
                    "documents": [],
                    "standards": [],
                }
            ],
        },
        "experts": [],
        "statusChanges": [
            {
                "idChangeStatus": base + 9,
                "idStatus": STATUS_VALID,
                "beginDate": stamp,
                "endDate": None,
                "comment": c.remarks,
                "idBasis": None,
                "publicated": True,
                "publishDate": stamp,
                "lkType": None,
                "docName": None,
                "docNumber": None,
                "docDate": None,
                "prescription": None,
                "idFileScan": None,
                "idBasisSolutions": [],
                "levelStateControl": None,
                "typeStateControl": None,
                "idOngoingEvent": None,
            }
        ],
        "testingLabs": [
            {
                "idTestingLab": base + 4,
                "annex": False,
                "idRal": None,
                "regNumber": None,
                "fullName": c.lab_name,
                "beginDate": None,
                "endDate": None,
                "basis": None,
                "idAccredPlace": "643",
                "isAccredEec": True,
                "address": None,
                "protocols": [
                    {
                        "idProtocol": base + 6,
                        "idProtocolRpi": None,
                        "number": c.protocol_number,
                        "date": c.protocol_date.isoformat(),
                        "idFile": None,
                        "standards": [],
                        "isProtocolInvalid": False,
                    }
                ],
                "importedForResearchTesting": False,
                "docConfirmCustom": [],
                "ogrn": None,
                "inn": None,
                "accredEec": True,
            }
        ],
        "documents": None,
        "isSrd": True,
        "idStatusTestingLabs": 3,
        "idReplacementReason": [],
        "idDeclarationReplaced": None,
        "idDeclarationRegInstead": None,
        "declarationReplacedNum": None,
        "declarationRegInsteadNum": None,
        "changes": None,
        "idDeclarationChecker": None,
    }


def write_conformity(folder: Path, c: Conformity) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"declaration_{c.id}.json"
    path.write_text(
        json.dumps(conformity_json(c), ensure_ascii=False, indent=4) + "\n", encoding="utf-8"
    )
    return path
