"""Legal forms across languages: ООО, OOO, LLC, Limited Liability Company, 有限公司, Co., Ltd.

rigour's organisation-type tables cover Latin and Cyrillic forms in every language. Its matcher
needs word boundaries, which Chinese text does not have, so the Chinese forms (always at the
end of the name, possibly followed by a branch marker) are listed here.
"""

from __future__ import annotations

from typing import Final

from rigour.names.org_types import extract_org_types, remove_org_types

# Chinese legal form -> the generic form rigour uses for the same thing. Longest first.
CHINESE_FORMS: Final = (
    ("股份有限公司", "jsc"),
    ("有限责任公司", "llc"),
    ("有限責任公司", "llc"),
    ("集团有限公司", "llc"),
    ("集團有限公司", "llc"),
    ("有限公司", "llc"),
    ("合伙企业", "lp"),
    ("个体工商户", "sp"),
    ("公司", "company"),
)
_BRANCH: Final = ("分公司", "分厂", "办事处")
CHINESE_FORM_ENGLISH: Final = {
    "股份有限公司": "Co., Ltd.",
    "有限责任公司": "Co., Ltd.",
    "有限責任公司": "Co., Ltd.",
    "集团有限公司": "Group Co., Ltd.",
    "集團有限公司": "Group Co., Ltd.",
    "有限公司": "Co., Ltd.",
    "合伙企业": "Partnership",
    "个体工商户": "Sole Proprietor",
    "公司": "Company",
}


def split_chinese_form(name: str) -> tuple[str, str | None, str | None]:
    """(rest, legal form, branch) of a Chinese company name.

    A branch keeps its own place: 深圳市大疆创新科技有限公司上海分公司 gives the branch
    "上海分公司" and the head company's name before it.
    """
    rest = name.strip()
    branch = None
    for marker in _BRANCH:
        if rest.endswith(marker):
            for form, _generic in CHINESE_FORMS:
                at = rest.rfind(form)
                if at > 0:
                    return rest[:at], form, rest[at + len(form) :]
            branch, rest = marker, rest[: -len(marker)]
            break
    for form, _generic in CHINESE_FORMS:
        if rest.endswith(form) and len(rest) > len(form):
            return rest[: -len(form)], form, branch
    return rest, None, branch


def legal_forms(name: str) -> list[str]:
    """The generic legal forms in a name ("llc", "jsc", ...), in the order they appear."""
    out = [generic for _found, generic in extract_org_types(name.casefold(), generic=True)]
    _rest, form, _branch = split_chinese_form(name)
    if form is not None:
        out.extend(generic for chinese, generic in CHINESE_FORMS if chinese == form)
    return out


def remove_legal_forms(name: str) -> str:
    """The name without its legal forms, lower-cased (rigour matches case-folded text)."""
    rest, _form, _branch = split_chinese_form(name)
    stripped: str = remove_org_types(rest.casefold(), replacement=" ")
    return " ".join(stripped.split())
