"""The Russian tax service's EGRUL open-data XML (ЕГРЮЛ_ОТКР_СВЕД, format version 4.07).

Shapes follow the official files in ../shared/data/evidence/registry-egrul: windows-1251,
`Файл` with `ИдОтпр` and one `Документ/СвЮЛ` per legal entity, whose children come in the
order of the official schema (names, address, creation, tax office, capital, director,
founders, OKVED, register entries). Each entry of the register (ГРН) gets a number that looks
like the real ones: sign 2 (a change) or 1 (creation), year, tax office, serial, check digit.
The synthetic marker goes where the official file names its responsible officer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from dualtrace.synth.labels import SYNTHETIC_RU

OKOPF = {
    "llc": ("12300", "Общества с ограниченной ответственностью"),
    "jsc": ("12267", "Непубличные акционерные общества"),
}


@dataclass(frozen=True, slots=True)
class EgrulPerson:
    surname: str
    first: str
    patronymic: str
    inn: str


@dataclass(frozen=True, slots=True)
class EgrulFounder:
    share_pct: int
    nominal: int
    since: date
    person: EgrulPerson | None = None
    """A natural person (УчрФЛ); otherwise a legal entity, Russian or foreign."""
    name: str = ""
    ogrn: str = ""
    inn: str = ""
    oksm: str = ""
    """OKSM code of a foreign founder's country (УчрЮЛИн); '' for a Russian one (УчрЮЛРос)."""
    country: str = ""
    reg_number: str = ""
    foreign_address: str = ""


@dataclass(frozen=True, slots=True)
class EgrulAddress:
    index: str
    region_code: str
    region: str
    street_type: str
    street: str
    house: str
    office: str


@dataclass(frozen=True, slots=True)
class EgrulDoc:
    doc_id: str
    extracted: date
    ogrn: str
    registered: date
    inn: str
    kpp: str
    form: str
    """A key of OKOPF."""
    full_name: str
    short_name: str
    address: EgrulAddress
    tax_office: str
    capital: int
    director: EgrulPerson
    director_post: str
    director_since: date
    okved: tuple[tuple[str, str], ...]
    """(code, name), the main activity first."""
    founders: tuple[EgrulFounder, ...] = field(default_factory=tuple)
    foreign_name: str | None = None


def _a(**attrs: str) -> str:
    """Attributes in double quotes, quotes inside as &quot; (as the official files write them)."""
    return " ".join(f'{k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in attrs.items())


class _Grn:
    """Register entry numbers of one company: 13 digits with the OGRN's check (mod 11)."""

    def __init__(self, ogrn: str) -> None:
        self.office = ogrn[3:7]
        self.serial = int(ogrn[7:12])

    def __call__(self, day: date, sign: str = "2") -> str:
        self.serial = (self.serial + 7919) % 100_000
        body = f"{sign}{day.year % 100:02d}{self.office}{self.serial:05d}"
        return body + str(int(body) % 11 % 10)


def _person(p: EgrulPerson, grn: str, day: date, indent: str) -> list[str]:
    return [
        f"{indent}<СвФЛ "
        + _a(Фамилия=p.surname, Имя=p.first, Отчество=p.patronymic, ИННФЛ=p.inn)
        + ">",
        f"{indent}  <ГРНДата {_a(ГРН=grn, ДатаЗаписи=day.isoformat())} />",
        f"{indent}</СвФЛ>",
    ]


def _share(f: EgrulFounder, grn: str) -> list[str]:
    return [
        f'      <ДоляУстКап НоминСтоим="{f.nominal}">',
        f"        <РазмерДоли><Процент>{f.share_pct}</Процент></РазмерДоли>",
        f"        <ГРНДата {_a(ГРН=grn, ДатаЗаписи=f.since.isoformat())} />",
        "      </ДоляУстКап>",
    ]


def _founder(f: EgrulFounder, grn: _Grn) -> list[str]:
    number = grn(f.since)
    first = f"      <ГРНДатаПерв {_a(ГРН=number, ДатаЗаписи=f.since.isoformat())} />"
    if f.person is not None:
        body = [first, *_person(f.person, number, f.since, "      "), *_share(f, number)]
        return ["    <УчрФЛ>", *body, "    </УчрФЛ>"]
    names = {"НаимЮЛПолн": f.name}
    if f.ogrn:
        names = {"ОГРН": f.ogrn, "ИНН": f.inn, **names}
    lines = [first, f"      <НаимИННЮЛ {_a(**names)}>"]
    lines += [f"        <ГРНДата {_a(ГРН=number, ДатаЗаписи=f.since.isoformat())} />"]
    lines.append("      </НаимИННЮЛ>")
    if f.oksm:
        reg = _a(ОКСМ=f.oksm, НаимСтран=f.country, РегНомер=f.reg_number, АдрСтр=f.foreign_address)
        lines.append(f"      <СвРегИн {reg} />")
    tag = "УчрЮЛИн" if f.oksm else "УчрЮЛРос"
    return [f"    <{tag}>", *lines, *_share(f, number), f"    </{tag}>"]


def _document(d: EgrulDoc) -> list[str]:
    grn = _Grn(d.ogrn)
    reg = d.registered.isoformat()
    born = f"<ГРНДата {_a(ГРН=d.ogrn, ДатаЗаписи=reg)} />"
    code, form_name = OKOPF[d.form]
    head = _a(
        ДатаВып=d.extracted.isoformat(),
        ОГРН=d.ogrn,
        ДатаОГРН=reg,
        ИНН=d.inn,
        КПП=d.kpp,
        СпрОПФ="ОКОПФ",
        КодОПФ=code,
        ПолнНаимОПФ=form_name,
    )
    lines = [f"  <Документ {_a(ИдДок=d.doc_id)}><СвЮЛ {head}>"]
    lines += [f"  <СвНаимЮЛ {_a(НаимЮЛПолн=d.full_name)}>", f"    {born}"]
    lines += [f"    <СвНаимЮЛСокр {_a(НаимСокр=d.short_name)}>", f"      {born}"]
    lines.append("    </СвНаимЮЛСокр>")
    if d.foreign_name:
        lines.append(f"    <СвНаимЮЛПолнИн {_a(НаимПолн=d.foreign_name)}>")
        lines += [f"      {born}", "    </СвНаимЮЛПолнИн>"]
    lines.append("  </СвНаимЮЛ>")
    a = d.address
    moved = grn(d.registered)
    moved_at = _a(ГРН=moved, ДатаЗаписи=reg)
    lines += [
        '  <СвАдресЮЛ ВидАдрКлассиф="1">',
        f"    <СвАдрЮЛФИАС {_a(Индекс=a.index)}>",
        f"      <Регион>{a.region_code}</Регион>",
        f"      <НаимРегион>{escape(a.region)}</НаимРегион>",
        f"      <ЭлУлДорСети {_a(Тип=a.street_type, Наим=a.street)} />",
        f"      <Здание {_a(Тип='Д.', Номер=a.house)} />",
        f"      <ПомещЗдания {_a(Тип='ОФИС', Номер=a.office)} />",
        f"      <ГРНДата {moved_at} />",
        "    </СвАдрЮЛФИАС>",
        "    <АдресРФ "
        + _a(Индекс=a.index, КодРегион=a.region_code, Дом=f"Д. {a.house}", Кварт=f"ОФИС {a.office}")
        + ">",
        f"      <Регион {_a(НаимРегион=a.region)} />",
        f"      <Улица {_a(ТипУлица=a.street_type, НаимУлица=a.street)} />",
        f"      <ГРНДата {moved_at} />",
        "    </АдресРФ>",
        "  </СвАдресЮЛ>",
        f"  <СвОбрЮЛ {_a(ОГРН=d.ogrn, ДатаОГРН=reg)}>",
        '    <СпОбрЮЛ КодСпОбрЮЛ="11" НаимСпОбрЮЛ="Создание юридического лица" />',
        f"    {born}",
        "  </СвОбрЮЛ>",
        f"  <СвРегОрг {_a(КодНО=d.inn[:4], НаимНО=d.tax_office)}>",
        f"    {born}",
        "  </СвРегОрг>",
        f"  <СвУчетНО {_a(ИНН=d.inn, КПП=d.kpp, ДатаПостУч=reg)}>",
        f"    <СвНО {_a(КодНО=d.inn[:4], НаимНО=d.tax_office)} />",
        f"    <ГРНДата {_a(ГРН=grn(d.registered), ДатаЗаписи=reg)} />",
        "  </СвУчетНО>",
        f'  <СвУстКап НаимВидКап="УСТАВНЫЙ КАПИТАЛ" СумКап="{d.capital}">',
        f"    {born}",
        "  </СвУстКап>",
    ]
    since = d.director_since.isoformat()
    named = grn(d.director_since)
    lines += [
        "  <СведДолжнФЛ>",
        f"    <ГРНДатаПерв {_a(ГРН=named, ДатаЗаписи=since)} />",
        *_person(d.director, named, d.director_since, "    "),
        "    <СвДолжн "
        + _a(
            ВидДолжн="02", НаимВидДолжн="Руководитель юридического лица", НаимДолжн=d.director_post
        )
        + ">",
        f"      <ГРНДата {_a(ГРН=named, ДатаЗаписи=since)} />",
        "    </СвДолжн>",
        "  </СведДолжнФЛ>",
    ]
    if d.founders:
        lines.append("  <СвУчредит>")
        for f in d.founders:
            lines += _founder(f, grn)
        lines.append("  </СвУчредит>")
    lines.append("  <СвОКВЭД>")
    for n, (okved, name) in enumerate(d.okved):
        tag = "СвОКВЭДОсн" if n == 0 else "СвОКВЭДДоп"
        lines += [
            f"    <{tag} {_a(КодОКВЭД=okved, НаимОКВЭД=name, ПрВерсОКВЭД='2014')}>",
            f"      {born}",
            f"    </{tag}>",
        ]
    lines.append("  </СвОКВЭД>")
    lines += [
        f"  <СвЗапЕГРЮЛ {_a(ИдЗап=d.ogrn, ГРН=d.ogrn, ДатаЗап=reg)}>",
        '    <ВидЗап КодСПВЗ="11001" НаимВидЗап="Создание юридического лица" />',
        f"    <СвРегОрг {_a(КодНО=d.inn[:4], НаимНО=d.tax_office)} />",
        "  </СвЗапЕГРЮЛ>",
        "</СвЮЛ></Документ>",
    ]
    return lines


def write_egrul(path: Path, file_id: str, docs: list[EgrulDoc]) -> Path:
    """One open-data file, windows-1251 like the official ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = _a(
        ИдФайл=file_id,
        ВерсФорм="4.07",
        ТипИнф="ЕГРЮЛ_ОТКР_СВЕД",
        ВерсПрог="1.0.0.2",
        КолДок=f"{len(docs):>10}",
    )
    lines = [
        '<?xml version="1.0" encoding="windows-1251"?>',
        f"<Файл {head}>",
        f"  <ИдОтпр {_a(ДолжОтв=f'{SYNTHETIC_RU} (dualtrace)', Тлф='(000)0000000')}>",
        '    <ФИООтв Фамилия="Синтетическая" Имя="Запись" />',
        "  </ИдОтпр>",
    ]
    for d in docs:
        lines += _document(d)
    lines.append("</Файл>")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path
