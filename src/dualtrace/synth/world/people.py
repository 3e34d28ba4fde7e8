"""People of a generated world: Russian directors and founders, Chinese executives, strangers.

A person is written the way each source writes people: the registry in Cyrillic with a
patronymic, an airline manifest in passport Latin (ICAO 9303) without one. Names are drawn
without repeats, so two people never share a name by accident and a shared name in two files
is the same person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from dualtrace.synth import ids
from dualtrace.synth.variants import translit

_SURNAMES = (
    "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Морозов",
    "Волков", "Алексеев", "Лебедев", "Семенов", "Егоров", "Павлов", "Козлов", "Степанов",
    "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Сергеев", "Кириллов", "Белов", "Тарасов", "Беляев",
    "Комаров", "Жуков", "Фролов", "Гусев", "Титов", "Кудрявцев", "Баранов", "Куликов",
    "Королев", "Гончаров", "Ильин", "Медведев", "Ершов", "Никифоров", "Соболев", "Виноградов",
    "Богданов", "Воробьев", "Федоров", "Антонов", "Данилов", "Сорокин", "Калинин", "Ефимов",
    "Денисов", "Громов", "Лазарев", "Мартынов", "Осипов", "Щербаков", "Дмитриев", "Максимов",
)  # fmt: skip
_MALE = (
    "Алексей", "Андрей", "Дмитрий", "Сергей", "Игорь", "Михаил", "Николай", "Павел", "Олег",
    "Владимир", "Евгений", "Константин", "Роман", "Виктор", "Артем", "Максим",
)  # fmt: skip
_FEMALE = (
    "Ирина", "Елена", "Ольга", "Наталья", "Татьяна", "Анна", "Мария", "Светлана", "Юлия",
    "Екатерина",
)  # fmt: skip
# Fathers' names as patronymic stems: (male ending, female ending).
_FATHERS = (
    ("Александров", "ич", "на"), ("Сергеев", "ич", "на"), ("Викторов", "ич", "на"),
    ("Николаев", "ич", "на"), ("Игорев", "ич", "на"), ("Петров", "ич", "на"),
    ("Владимиров", "ич", "на"), ("Юрьев", "ич", "на"), ("Михайлов", "ич", "на"),
    ("Анатольев", "ич", "на"), ("Олегов", "ич", "на"), ("Борисов", "ич", "на"),
)  # fmt: skip
_ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾"
_ZH_GIVEN = "伟磊军勇强杰涛明浩波芳敏静建国然志晓海丽娜华平刚辉鹏飞宇鑫斌超亮俊峰文博"
MAX_TRIES = 10_000


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    """Stable id in truth/ ('person:ru-0007', 'person:cn-0003')."""
    surname: str
    first: str
    patronymic: str = ""
    inn: str = ""
    """A Russian's 12-digit INN (with valid check digits); '' for others."""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.surname, self.first, self.patronymic) if p)

    @property
    def passport(self) -> str:
        """As an airline manifest prints it: surname and given name in upper-case Latin."""
        if self.inn:  # Russian: ICAO transliteration
            return f"{translit(self.surname)} {translit(self.first)}".upper()
        given = "".join(lazy_pinyin(self.first))
        return f"{''.join(lazy_pinyin(self.surname))} {given}".upper()


class People:
    """Draws people without repeating a name."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.count = 0

    def _key(self, prefix: str) -> str:
        self.count += 1
        return f"person:{prefix}-{self.count:04d}"

    def russian(self, region: str = "77") -> Person:
        rng = self.rng
        for _ in range(MAX_TRIES):
            male = rng.random() < 0.75
            surname = rng.choice(_SURNAMES) + ("" if male else "а")
            stem, m_end, f_end = rng.choice(_FATHERS)
            patronymic = stem + (m_end if male else f_end)
            first = rng.choice(_MALE if male else _FEMALE)
            full = f"{surname} {first} {patronymic}"
            if full not in self.used:
                self.used.add(full)
                return Person(
                    self._key("ru"), surname, first, patronymic, ids.inn_person(rng, region)
                )
        raise RuntimeError("no unused Russian name left: the world is too large for the lists")

    def chinese(self, name: str | None = None) -> Person:
        """A Chinese executive; `name` (surname first, in characters) when the registry has it."""
        for _ in range(MAX_TRIES):
            if name is None or name in self.used:
                given = "".join(self.rng.sample(_ZH_GIVEN, self.rng.choice((1, 2, 2))))
                name = self.rng.choice(_ZH_SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return Person(self._key("cn"), name[0], name[1:])
        raise RuntimeError("no unused Chinese name left: the world is too large for the lists")
