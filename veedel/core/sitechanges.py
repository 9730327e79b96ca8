"""The version of the site's data, moved by database triggers on every table.

``site_version()`` reads it in one query. A page kept in the cache under one version is never
served once a change is visible (``veedel.core.pagecache``).

The triggers are made after every ``migrate`` (``post_migrate``), for every table that exists
then, so a new app's tables get theirs without anyone remembering it. Two tables have none:
the counter itself, and the sessions (a visitor's session is not site data, and anonymous
visits must not empty the page cache). ``django_migrations`` has none either: ``migrate``
moves the version itself at its end.

- **SQLite** runs one writer at a time. A row trigger per table and operation adds one to the
  single row (slot 0).
- **PostgreSQL**: a statement trigger per table (insert, update, delete, truncate) adds one to
  the row of the writing connection's slot (its process id modulo ``SLOTS``), inserting it when
  missing. The addition is part of the writing transaction: readers see the new sum exactly
  when they see its data, and writers on different connections rarely wait for each other.
"""

from __future__ import annotations

from django.db import connections

COUNTER_TABLE = "core_sitechange"
EXEMPT_TABLES = frozenset({COUNTER_TABLE, "django_session", "django_migrations"})
SLOTS = 64
TRIGGER = "veedel_site_changed"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTER_TABLE} (slot, changes) VALUES (pg_backend_pid() % {SLOTS}, 1)
    ON CONFLICT (slot) DO UPDATE SET changes = {COUNTER_TABLE}.changes + 1;
    RETURN NULL;
END
$$
"""

_SQLITE_BUMP = (
    f"INSERT INTO {COUNTER_TABLE} (slot, changes) VALUES (0, 1) "
    f"ON CONFLICT (slot) DO UPDATE SET changes = changes + 1"
)


def tracked_tables(using: str = "default") -> list[str]:
    """Every table that should move the version: all but the exempt ones (and SQLite's own)."""
    connection = connections[using]
    return sorted(
        name
        for name in connection.introspection.table_names(include_views=False)
        if name not in EXEMPT_TABLES and not name.startswith("sqlite_")
    )


def tables_with_trigger(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND c.relnamespace = to_regnamespace(current_schema())",
                [TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE %s GROUP BY tbl_name",
            [f"{TRIGGER}%"],
        )
        return {table for table, count in cursor.fetchall() if count == 3}


def install_triggers(using: str = "default") -> list[str]:
    """Give every tracked table that lacks one its trigger; returns the tables that got one."""
    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise NotImplementedError(f"no change triggers for {connection.vendor}")
    missing = [t for t in tracked_tables(using) if t not in tables_with_trigger(using)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in missing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
        else:
            for table in missing:
                for operation in ("insert", "update", "delete"):
                    name = quote(f"{TRIGGER}_{table}_{operation}")
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {operation.upper()} "
                        f"ON {quote(table)} FOR EACH ROW BEGIN {_SQLITE_BUMP}; END"
                    )
    return missing


def site_version(using: str = "default") -> int:
    """The number of writes so far (one query); it grows with every visible change."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(changes), 0) FROM {COUNTER_TABLE}")
        return int(cursor.fetchone()[0])


def site_changed(using: str = "default") -> None:
    """Move the version by hand: for what the triggers cannot see (``migrate`` itself)."""
    connection = connections[using]
    slot = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_backend_pid()")
            slot = cursor.fetchone()[0] % SLOTS
        cursor.execute(
            f"INSERT INTO {COUNTER_TABLE} (slot, changes) VALUES (%s, 1) "
            f"ON CONFLICT (slot) DO UPDATE SET changes = {COUNTER_TABLE}.changes + 1",
            [slot],
        )


def after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: triggers for the tables made by this migrate, and a new version."""
    install_triggers(using)
    site_changed(using)
