#!/usr/bin/env python3
"""Seed an Iceberg REST catalog with pyiceberg, a client someone else wrote: real data files, real commits, and the
random 63-bit snapshot ids pyiceberg generates (nearly always beyond 2^53, so a client that rounds them is caught).

Usage: iceberg_seed.py --uri URI [--prefix P] [--warehouse W] [--variant main|dev]
                       [--s3-endpoint URL --s3-access-key-id K --s3-secret-access-key S --s3-region R]

Prints one JSON document on stdout: what it made, every int64 as a decimal string, e.g.
  {"namespaces": [["nsb"], ["nsb", "sales"], ...],
   "tables": {"nsb\\u001fsales\\u001forders": {"namespace": [...], "name": "orders", "format_version": 2,
              "snapshots": [{"id": "...", "parent": "...", "sequence": 1, "operation": "append", "total_records": "2"}],
              "current": "...", "rows": 6, "columns": [...]}},
   "views": {...}}
"""

from __future__ import annotations

import argparse
import json
import sys

SEP = "\u001f"


def log(msg: str) -> None:
    sys.stderr.write(f"[iceberg_seed] {msg}\n")
    sys.stderr.flush()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--uri", required=True)
    p.add_argument("--prefix")
    p.add_argument("--warehouse")
    p.add_argument("--variant", default="main", choices=["main", "dev"])
    p.add_argument("--s3-endpoint")
    p.add_argument("--s3-access-key-id")
    p.add_argument("--s3-secret-access-key")
    p.add_argument("--s3-region", default="us-east-1")
    args = p.parse_args()

    import pyarrow as pa
    from pyiceberg.catalog.rest import RestCatalog

    props = {"uri": args.uri, "py-io-impl": "pyiceberg.io.pyarrow.PyArrowFileIO"}
    if args.prefix:
        props["prefix"] = args.prefix
    if args.warehouse:
        props["warehouse"] = args.warehouse
    if args.s3_endpoint:
        props.update({
            "s3.endpoint": args.s3_endpoint,
            "s3.access-key-id": args.s3_access_key_id,
            "s3.secret-access-key": args.s3_secret_access_key,
            "s3.region": args.s3_region,
            "s3.force-virtual-addressing": "false",
        })
    catalog = RestCatalog("seed", **props)
    out: dict = {"namespaces": [], "tables": {}, "views": {}}

    def namespace(parts: tuple[str, ...], properties: dict[str, str] | None = None) -> None:
        catalog.create_namespace(parts, properties or {})
        out["namespaces"].append(list(parts))

    orders = pa.schema([
        pa.field("order_id", pa.int64(), nullable=False),
        pa.field("customer", pa.string()),
        pa.field("amount", pa.float64()),
        pa.field("tags", pa.list_(pa.string())),
    ])

    def batch(start: int, n: int) -> pa.Table:
        return pa.table({
            "order_id": pa.array(range(start, start + n), pa.int64()),
            "customer": [f"c{i % 7}" for i in range(start, start + n)],
            "amount": [i * 1.5 for i in range(start, start + n)],
            "tags": [["a", "b"][: i % 3] for i in range(start, start + n)],
        }, schema=orders)

    def table(parts: tuple[str, ...], appends: list[int], properties: dict[str, str] | None = None) -> None:
        t = catalog.create_table(parts, schema=orders, properties=properties or {})
        start = 0
        for n in appends:
            t.append(batch(start, n))
            start += n
        t = catalog.load_table(parts)
        m = t.metadata
        snaps = []
        for s in m.snapshots:
            summary = s.summary.additional_properties if s.summary else {}
            snaps.append({
                "id": str(s.snapshot_id),
                "parent": None if s.parent_snapshot_id is None else str(s.parent_snapshot_id),
                "sequence": s.sequence_number,
                "operation": s.summary.operation.value if s.summary else None,
                "total_records": summary.get("total-records"),
            })
        out["tables"][SEP.join(parts)] = {
            "namespace": list(parts[:-1]),
            "name": parts[-1],
            "format_version": m.format_version,
            "snapshots": snaps,
            "current": None if m.current_snapshot_id is None else str(m.current_snapshot_id),
            "rows": start,
            "columns": [f.name for f in m.schema().fields],
            "properties": dict(m.properties),
        }
        log(f"table {'.'.join(parts)}: {len(snaps)} snapshots")

    def view(parts: tuple[str, ...], sql: str) -> None:
        # pyiceberg has no create_view: the REST call is written out (views are read back by pyiceberg's load_view).
        import urllib.parse
        import urllib.request

        prefix = catalog.properties.get("prefix")
        base = args.uri.rstrip("/") + "/v1/" + (prefix.strip("/") + "/" if prefix else "")
        ns = "%1F".join(urllib.parse.quote(x, safe="") for x in parts[:-1])
        body = {
            "name": parts[-1],
            "schema": {"type": "struct", "schema-id": 0, "fields": [
                {"id": 1, "name": "customer", "type": "string", "required": False},
                {"id": 2, "name": "n", "type": "long", "required": True},
            ]},
            "view-version": {
                "version-id": 1, "timestamp-ms": int(__import__("time").time() * 1000), "schema-id": 0,
                "summary": {"engine-name": "pyiceberg-seed"},
                "representations": [{"type": "sql", "sql": sql, "dialect": "spark"}],
                "default-namespace": list(parts[:-1]),
            },
            "properties": {"comment": "seeded view"},
        }
        req = urllib.request.Request(f"{base}namespaces/{ns}/views", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            created = json.loads(r.read())
        # Not read back with pyiceberg's load_view: it refuses servers that serve views without advertising them.
        out["views"][SEP.join(parts)] = {"namespace": list(parts[:-1]), "name": parts[-1], "sql": sql,
                                          "version": created["metadata"]["current-version-id"]}

    if args.variant == "main":
        namespace(("nsb",), {"owner": "data-eng", "comment": "seeded by pyiceberg"})
        namespace(("nsb", "sales"))
        namespace(("nsb", "sales", "emea"))
        namespace(("nsb", "archive"))  # empty
        namespace(("odd space",), {"note": "a name with a space"})
        namespace(("ünï-cödé",))
        table(("nsb", "sales", "orders"), [2, 3, 1])
        table(("nsb", "sales", "emea", "returns"), [4])
        table(("odd space", "t 1"), [1, 1])
        table(("ünï-cödé", "naïve table"), [5], {"format-version": "1"})
        table(("nsb", "sales", "empty"), [])
        view(("nsb", "sales", "orders_by_customer"), "SELECT customer, count(*) AS n FROM nsb.sales.orders GROUP BY customer")
    else:
        namespace(("dev_only",), {"branch": "dev"})
        table(("dev_only", "experiments"), [3, 2])

    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
