"""A small planted world, written by hand, for graph, trace and risk tests.

site-a (CN) --certified--> trainer (RU, posts about training servicemen)
aee (CN) <--paid-- vektor (RU, sanctioned) --shipped--> kupol (RU, sanctioned)
shell-kz (KZ, new 2023) <--shipped-- site-a ; shell-kz --shipped--> importer (RU)
owner-1, owner-2 (sanctioned) each own 30% of holding (RU); holding owns 60% of sub
exec-h (person, of haotianyi) travelled with exec-v (person, of vektor)
"""

from __future__ import annotations

from pathlib import Path

from dualtrace.store import Workspace
from tests.helpers import entity_batch, ingest_inline


def plant_world(ws: Workspace, tmp: Path) -> None:
    ingest_inline(
        ws,
        tmp,
        "list",
        entity_batch(
            "list",
            {
                "authority": ("PublicBody", {"name": "Test Authority"}),
                "vektor-l": ("Company", {"name": "TSK VEKTOR", "innCode": "7707083893"}),
                "kupol-l": ("Company", {"name": "IEMZ KUPOL", "innCode": "1831083343"}),
                "owner-1": ("Company", {"name": "Owner One"}),
                "owner-2": ("Company", {"name": "Owner Two"}),
            },
            [
                ("sanctioned", "vektor-l", "authority", {"program": "TEST", "start": "2022-03-01"}),
                ("sanctioned", "kupol-l", "authority", {"program": "TEST", "start": "2022-03-01"}),
                ("sanctioned", "owner-1", "authority", {"program": "TEST", "start": "2022-03-01"}),
                ("sanctioned", "owner-2", "authority", {"program": "TEST", "start": "2024-06-01"}),
            ],
        ),
        mode="replace",
    )
    ingest_inline(
        ws,
        tmp,
        "evidence",
        entity_batch(
            "evidence",
            {
                "site-a": ("Company", {"name": "Shenzhen Site A Co., Ltd.", "country": "cn"}),
                "trainer": ("Company", {"name": "ООО «Пустельга»", "country": "ru"}),
                "post-1": ("Message", {"bodyText": "обучение военнослужащих на DJI Mavic"}),
                "post-2": (
                    "Message",
                    {"bodyText": "Поздравляем военнослужащих! Скидка 23% на DJI Mavic."},
                ),
                "armed-forces": ("PublicBody", {"name": "Вооружённые силы", "country": "ru"}),
                "mavic": ("Product", {"name": "DJI Mavic", "brand": "DJI"}),
                "shop": ("Company", {"name": "ООО «Дрон-Маркет»", "country": "ru"}),
                "aee": ("Company", {"name": "Sichuan AEE", "country": "cn"}),
                "vektor": (
                    "Company",
                    {"name": "ООО ТСК Вектор", "innCode": "7707083893", "country": "ru"},
                ),
                "kupol": (
                    "Company",
                    {"name": "АО ИЭМЗ Купол", "innCode": "1831083343", "country": "ru"},
                ),
                "shell-kz": ("Company", {"name": "Steppe Trade LLP", "country": "kz"}),
                "importer": (
                    "Company",
                    {
                        "name": "Importer RU",
                        "country": "ru",
                        "classification": "30.30 Производство летательных",
                    },
                ),
                "plant": (
                    "Company",
                    {"name": "АО Завод", "country": "ru", "okvedCode": ["46.90", "25.40"]},
                ),
                "holding": ("Company", {"name": "Holding", "country": "ru"}),
                "sub": ("Company", {"name": "Subsidiary", "country": "ru"}),
                "haotianyi": ("Company", {"name": "Hunan Haotianyi", "country": "cn"}),
                "exec-h": ("Person", {"name": "Exec H"}),
                "exec-v": ("Person", {"name": "Exec V"}),
            },
            [
                (
                    "certified",
                    "trainer",
                    "site-a",
                    {"hs_code": "8806221000", "start": "2023-03-01"},
                ),
                (
                    "mentions",
                    "post-1",
                    "armed-forces",
                    {"quote": "обучение военнослужащих на DJI Mavic", "military_use": True},
                ),
                ("represents", "post-1", "trainer", {"role": "publisher"}),
                (
                    "paid",
                    "vektor",
                    "aee",
                    {"amount": 5100000, "currency": "CNY", "start": "2024-04-10"},
                ),
                ("shipped", "vektor", "kupol", {"hs_code": "8806240000", "start": "2024-05-01"}),
                ("shipped", "site-a", "shell-kz", {"hs_code": "8806221000", "start": "2023-10-02"}),
                (
                    "shipped",
                    "shell-kz",
                    "importer",
                    {
                        "hs_code": "9503009500",
                        "description": "квадрокоптер игрушечный",
                        "start": "2023-10-20",
                    },
                ),
                ("owns", "owner-1", "holding", {"share_pct": 30}),
                ("owns", "owner-2", "holding", {"share_pct": 30}),
                ("owns", "holding", "sub", {"share_pct": 60}),
                ("represents", "exec-h", "haotianyi", {"role": "executive"}),
                ("represents", "exec-v", "vektor", {"role": "executive"}),
                (
                    "travelled_with",
                    "exec-h",
                    "exec-v",
                    {"flight": "S7 2512", "start": "2024-06-30"},
                ),
                # Added last, so that the records above keep their numbers.
                (
                    "mentions",
                    "post-1",
                    "mavic",
                    {"quote": "обучение военнослужащих на DJI Mavic", "military_use": True},
                ),
                # A holiday greeting and an advertisement in the next sentence.
                (
                    "mentions",
                    "post-2",
                    "armed-forces",
                    {"quote": "Поздравляем военнослужащих!", "military_use": True},
                ),
                (
                    "mentions",
                    "post-2",
                    "mavic",
                    {"quote": "Скидка 23% на DJI Mavic.", "military_use": True},
                ),
                ("represents", "post-2", "shop", {"role": "publisher"}),
            ],
        ),
    )
