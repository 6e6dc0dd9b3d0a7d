"""The information-processing fee (条例 第四十二条; 国办函〔2020〕109号).

By items (按件): per applicant per calendar month, the month's items 1–10 are free, 11–30 cost
100 yuan each, and from the 31st each further band of 10 costs 100 yuan more per item (31–40:
200, 41–50: 300 …). By pages (按量), per application: pages 1–30 free, 31–100 10 yuan, 101–200
20 yuan, 201 and more 40 yuan a page. One method per application.
"""

from __future__ import annotations


def item_price(n: int) -> int:
    """Price of the applicant's n-th item in the month (1-based)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def fee_by_items(*, earlier_in_month: int, items: int) -> int:
    """Fee for `items` new items when the applicant already applied for `earlier_in_month` this month."""
    return sum(item_price(n) for n in range(earlier_in_month + 1, earlier_in_month + items + 1))


def page_price(n: int) -> int:
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def fee_by_pages(*, pages: int) -> int:
    return sum(page_price(n) for n in range(1, pages + 1))
