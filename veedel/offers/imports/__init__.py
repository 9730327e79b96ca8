"""Import and export of actors and offers as CSV and Excel (.xlsx), and of offers as HSDS JSON.

Fixed, documented columns with German names (``ACTOR_COLUMNS``, ``OFFER_COLUMNS``); an export
has the same columns, so it can be edited and imported again. An import first reads and checks
every row (``actors_check``, ``offers_check``) and collects all problems with row and column
("Zeile 7, Spalte 'alter_von': 'abc' ist keine ganze Zahl"); only a file without problems is
written, in one transaction (``actors_import``, ``offers_import``). Uploads that are not CSV or
XLSX, larger than 5 MB, longer than 20 000 rows or with an unknown column are refused with the
reason (``ImportRefused``).
"""

from veedel.offers.imports.actors import (
    ACTOR_COLUMNS,
    ACTOR_HEADERS,
    actor_rows,
    actors_check,
    actors_import,
    actors_visible_to,
)
from veedel.offers.imports.common import Check, ImportResult, Problem
from veedel.offers.imports.offers import (
    OFFER_COLUMNS,
    OFFER_HEADERS,
    offer_rows,
    offers_check,
    offers_visible_to,
)
from veedel.offers.imports.offers_write import offers_import
from veedel.offers.imports.tables import (
    MAX_BYTES,
    MAX_ROWS,
    ImportRefused,
    Table,
    csv_lines,
    table_read,
    xlsx_bytes,
)

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_HEADERS",
    "MAX_BYTES",
    "MAX_ROWS",
    "OFFER_COLUMNS",
    "OFFER_HEADERS",
    "Check",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "Table",
    "actor_rows",
    "actors_check",
    "actors_import",
    "actors_visible_to",
    "csv_lines",
    "offer_rows",
    "offers_check",
    "offers_import",
    "offers_visible_to",
    "table_read",
    "xlsx_bytes",
]
