#!/usr/bin/env python3
"""Start the Lance project's reference REST server (pylance RestAdapter) over a seeded directory namespace.

Usage: lance_catalog.py [--seed standard|demo|bench|none] [--manifest-out PATH] [--build-only]

Prints exactly one JSON line on stdout once the server is listening:
  {"ready": true, "port": N, "uri": "http://127.0.0.1:N", "root": "/tmp/...", "seed": "...", "seed_build_seconds": X}
Runs until stdin is closed or SIGTERM/SIGINT arrives, then stops the server and removes the temp root.

Seeds are built once per (seed, hash of this script, pylance version) into
${NSB_CACHE_DIR:-~/.cache/namespace-browser}/lance-seed-<seed>-<hash> (built in a temp dir, renamed atomically,
guarded by a file lock) and copied (hard links; Lance never rewrites files in place) to a fresh temp dir per start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from lifecycle import stop_on_signals, wait_until_stopped

SCRIPT_PATH = os.path.abspath(__file__)
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(SCRIPT_PATH)))
DEFAULT_MANIFEST = os.path.join(REPO_ROOT, "test", "fixtures", "lance-standard.json")


def log(*args: object) -> None:
    print("[lance_catalog]", *args, file=sys.stderr, flush=True)


def cache_dir() -> str:
    d = os.environ.get("NSB_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "namespace-browser")
    os.makedirs(d, exist_ok=True)
    return d


def script_hash() -> str:
    import lance  # noqa: WPS433

    h = hashlib.sha256()
    with open(SCRIPT_PATH, "rb") as f:
        h.update(f.read())
    h.update(lance.__version__.encode())
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------------------------------------------
# Seeding (runs in-process against DirectoryNamespace, the same backend the RestAdapter serves)
# --------------------------------------------------------------------------------------------------------------


class Seeder:
    def __init__(self, root: str) -> None:
        import lance.namespace as lns

        self.lns = lns
        self.root = root
        self.ns = lns.DirectoryNamespace(root=root)
        self.manifest: dict = {
            "delimiter": "$",
            "namespaces": [],
            "namespace_properties": {},
            "namespace_properties_supported": None,
            "tables": {},
            "rejected_table_names": {},
            "dropped_types": {},
        }

    # -- helpers --------------------------------------------------------------------------------------------
    @staticmethod
    def ipc(table) -> bytes:
        import pyarrow as pa

        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as w:
            w.write_table(table)
        return sink.getvalue().to_pybytes()

    def create_namespace(self, parts: list[str], properties: dict | None = None) -> None:
        req = self.lns.CreateNamespaceRequest(id=parts, properties=properties)
        self.ns.create_namespace(req)
        name = "$".join(parts)
        self.manifest["namespaces"].append(name)
        if properties:
            got = self.ns.describe_namespace(self.lns.DescribeNamespaceRequest(id=parts)).properties or {}
            ok = all(got.get(k) == v for k, v in properties.items())
            self.manifest["namespace_properties_supported"] = ok
            if ok:
                self.manifest["namespace_properties"][name] = dict(properties)

    def create_table(self, parts: list[str], table, indices: list[tuple[str, str, str]] | None = None) -> dict:
        resp = self.ns.create_table(self.lns.CreateTableRequest(id=parts), self.ipc(table))
        info = {
            "namespace": "$".join(parts[:-1]),
            "name": parts[-1],
            "id": parts,
            "versions": 1,
            "rows": table.num_rows,
            "columns": table.schema.names,
            "indices": [],
            "location": os.path.basename(resp.location.rstrip("/")),
        }
        self.manifest["tables"]["$".join(parts)] = info
        return info

    def append(self, parts: list[str], table) -> None:
        self.ns.insert_into_table(self.lns.InsertIntoTableRequest(id=parts, mode="append"), self.ipc(table))
        info = self.manifest["tables"]["$".join(parts)]
        info["versions"] += 1
        info["rows"] += table.num_rows

    def index(self, parts: list[str], column: str, name: str, index_type: str = "BTREE") -> None:
        self.ns.create_table_scalar_index(
            self.lns.CreateTableIndexRequest(id=parts, column=column, index_type=index_type, name=name)
        )
        info = self.manifest["tables"]["$".join(parts)]
        info["indices"].append({"name": name, "column": column, "type": index_type})
        # creating an index commits a new dataset version
        import lance

        info["versions"] = lance.dataset(os.path.join(self.root, info["location"])).version

    # -- data -----------------------------------------------------------------------------------------------
    @staticmethod
    def orders_schema():
        import pyarrow as pa

        return pa.schema(
            [
                pa.field("order_id", pa.int64(), nullable=False, metadata={"description": "Order identifier"}),
                pa.field("customer", pa.string()),
                pa.field("amount", pa.decimal128(10, 2)),
                pa.field("ts", pa.timestamp("us", tz="UTC")),
                pa.field("tags", pa.list_(pa.string())),
                pa.field("address", pa.struct([("city", pa.string()), ("zip", pa.string())])),
            ],
            metadata={"owner": "data-eng", "source": "namespace-browser seed"},
        )

    def orders(self, start: int, n: int, region: str):
        import pyarrow as pa

        cities = {"emea": [("Paris", "75001"), ("Berlin", "10115"), ("Madrid", "28001")],
                  "apac": [("Tokyo", "100-0001"), ("Sydney", "2000")]}[region]
        rows = []
        for i in range(start, start + n):
            city, zp = cities[i % len(cities)]
            rows.append(
                {
                    "order_id": i,
                    "customer": f"customer-{i:03d}",
                    "amount": decimal.Decimal(f"{i * 10 + 0.5:.2f}"),
                    "ts": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=i),
                    "tags": ["priority"] if i % 2 else ["standard", "web"],
                    "address": {"city": city, "zip": zp},
                }
            )
        return pa.Table.from_pylist(rows, schema=self.orders_schema())

    def customers(self):
        import pyarrow as pa

        return pa.table(
            {
                "customer_id": pa.array([1, 2], pa.int64()),
                "name": ["Ada Lovelace", "Émile Zola"],
                "country": ["GB", "FR"],
                "since": pa.array([dt.date(2020, 5, 1), dt.date(2021, 7, 14)], pa.date32()),
            }
        )

    def clicks(self):
        """A table with as many nested Arrow types as Lance accepts; returns (table, dropped types)."""
        import pyarrow as pa
        import lance

        n = 3
        candidates = [
            ("id", pa.int64(), [1, 2, 3]),
            ("session", pa.struct([("id", pa.string()), ("device", pa.struct([("os", pa.string()), ("mobile", pa.bool_())]))]),
             [{"id": f"s{i}", "device": {"os": "linux" if i % 2 else "ios", "mobile": bool(i % 2 == 0)}} for i in range(n)]),
            ("pages", pa.list_(pa.string()), [["/", "/a"], [], None]),
            ("big_list", pa.large_list(pa.int64()), [[1, 2], [3], []]),
            ("attrs", pa.map_(pa.string(), pa.int32()), [[("a", 1), ("b", 2)], [], [("c", 3)]]),
            ("embedding", pa.list_(pa.float32(), 4), [[0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0], [0, 0, 0, 1]]),
            ("channel", pa.dictionary(pa.int32(), pa.string()), None),
            ("payload", pa.binary(), [b"\x00\x01", b"", None]),
            ("converted", pa.bool_(), [True, False, None]),
            ("day", pa.date32(), [dt.date(2024, 3, 1), dt.date(2024, 3, 2), None]),
            ("score16", pa.float16(), None),
            ("large_text", pa.large_string(), ["x", "y", "z"]),
            ("ts_ns", pa.timestamp("ns"), [0, 1_000_000_000, None]),
            ("price", pa.decimal128(12, 3), [decimal.Decimal("1.250"), None, decimal.Decimal("3.000")]),
        ]
        import numpy as np

        arrays, fields, dropped = [], [], {}
        for name, typ, values in candidates:
            if name == "channel":
                arr = pa.array(["email", "ads", "email"]).dictionary_encode().cast(typ)
            elif name == "score16":
                arr = pa.array(np.array([0.5, 1.5, 2.0], dtype=np.float16), type=typ)
            else:
                arr = pa.array(values, type=typ)
            # probe: does lance accept this type (write + read back)?
            probe_dir = tempfile.mkdtemp(prefix="probe-", dir=self.root)
            try:
                lance.write_dataset(pa.table({name: arr}), probe_dir, mode="create")
                lance.dataset(probe_dir).to_table()
                arrays.append(arr)
                fields.append(pa.field(name, typ, metadata={"doc": f"{typ}"} if name == "session" else None))
            except Exception as e:  # noqa: BLE001
                dropped[name] = f"{typ}: {type(e).__name__}: {str(e).splitlines()[0][:200]}"
            finally:
                shutil.rmtree(probe_dir, ignore_errors=True)
        schema = pa.schema(fields, metadata={"description": "click stream with nested types"})
        return pa.Table.from_arrays(arrays, schema=schema), dropped

    def tiny(self, value: int = 1):
        import pyarrow as pa

        return pa.table({"x": pa.array([value], pa.int32())})

    # -- big namespace ---------------------------------------------------------------------------------------
    def big(self, count: int = 2500) -> None:
        """2,500 one-row tables. Fast path: create t00000 through the namespace API, then copy its directory
        and register the copies in the directory namespace's __manifest table in a single Lance append
        (lance.write_dataset). Verified through the namespace API; falls back to create_table per table."""
        import lance
        import pyarrow as pa

        names = [f"t{i:05d}" for i in range(count)]
        fast = os.environ.get("NSB_SEED_SLOW") != "1"
        first = self.create_table(["big", names[0]], self.tiny(0))
        for nm in names[1:]:
            self.manifest["tables"][f"big${nm}"] = dict(first, name=nm, id=["big", nm], location=None)
        done = False
        if fast:
            try:
                src = os.path.join(self.root, first["location"])
                man_uri = os.path.join(self.root, "__manifest")
                man = lance.dataset(man_uri)
                rows = []
                for nm in names[1:]:
                    loc = f"big${nm}"
                    shutil.copytree(src, os.path.join(self.root, loc), copy_function=os.link)
                    rows.append({"object_id": f"big${nm}", "object_type": "table", "location": loc})
                    self.manifest["tables"][f"big${nm}"]["location"] = loc
                full_rows = [{f.name: r.get(f.name) for f in man.schema} for r in rows]
                lance.write_dataset(pa.Table.from_pylist(full_rows, schema=man.schema), man_uri, mode="append")
                check = self.lns.DirectoryNamespace(root=self.root)
                listed = check.list_tables(self.lns.ListTablesRequest(id=["big"])).tables
                last = check.count_table_rows(self.lns.CountTableRowsRequest(id=["big", names[-1]]))
                n_last = getattr(last, "count", last)
                done = sorted(listed) == names and n_last == 1
                if not done:
                    raise RuntimeError(f"listed {len(listed)} tables, last count {n_last!r}")
            except Exception as e:  # noqa: BLE001
                raise RuntimeError(f"bulk registration of big tables failed ({e!r}); rerun with NSB_SEED_SLOW=1") from e
        if not done:
            for i, nm in enumerate(names[1:], start=1):
                r = self.ns.create_table(self.lns.CreateTableRequest(id=["big", nm]), self.ipc(self.tiny(i)))
                self.manifest["tables"][f"big${nm}"]["location"] = os.path.basename(r.location.rstrip("/"))
        self.manifest["big_method"] = "bulk-manifest-append" if fast else "create_table"

    def bulk(self, namespace: str, count: int, shared: bool = False) -> None:
        """`count` one-row tables t000000... in `namespace`, registered in one __manifest append as big() does.
        shared=True points every entry at the first table's directory instead of a hard-linked copy: listing reads
        only the manifest and a describe opens that one dataset, and neither the seed nor each start (cp -al) has
        to copy 100,000 directories. Verified through the namespace API (count, first/last page, row count)."""
        import lance
        import pyarrow as pa

        self.create_namespace([namespace])
        names = [f"t{i:06d}" for i in range(count)]
        first = self.create_table([namespace, names[0]], self.tiny(0))
        del self.manifest["tables"][f"{namespace}${names[0]}"]
        src = os.path.join(self.root, first["location"])
        man_uri = os.path.join(self.root, "__manifest")
        man = lance.dataset(man_uri)
        rows = []
        for nm in names[1:]:
            loc = first["location"] if shared else f"{namespace}${nm}"
            if not shared:
                shutil.copytree(src, os.path.join(self.root, loc), copy_function=os.link)
            rows.append({"object_id": f"{namespace}${nm}", "object_type": "table", "location": loc})
        full_rows = [{f.name: r.get(f.name) for f in man.schema} for r in rows]
        lance.write_dataset(pa.Table.from_pylist(full_rows, schema=man.schema), man_uri, mode="append")
        check = self.lns.DirectoryNamespace(root=self.root)
        head = check.list_tables(self.lns.ListTablesRequest(id=[namespace], limit=10)).tables
        last = check.count_table_rows(self.lns.CountTableRowsRequest(id=[namespace, names[-1]]))
        if list(head) != names[:10] or getattr(last, "count", last) != 1:
            raise RuntimeError(f"bulk registration in {namespace} failed: first page {head!r}, last count {last!r}")
        self.manifest.setdefault("bench", {})[namespace] = {"count": count, "first": names[0], "last": names[-1],
                                                           "shared_location": shared}

    def wide(self, parts: list[str], columns: int) -> None:
        """A one-row table with `columns` columns of rotating types (some nested), for the details benchmark."""
        import pyarrow as pa

        kinds = [pa.int64(), pa.string(), pa.float64(), pa.timestamp("us", tz="UTC"), pa.bool_(),
                 pa.list_(pa.int32()), pa.struct([("a", pa.int32()), ("b", pa.string())]), pa.decimal128(12, 2)]
        fields = [pa.field(f"c{i:04d}", kinds[i % len(kinds)], metadata={"description": f"column {i}"} if i % 10 == 0 else None)
                  for i in range(columns)]
        schema = pa.schema(fields)
        table = pa.Table.from_pylist([{}], schema=schema)
        self.create_table(parts, table)

    def seed_bench(self) -> None:
        """Namespaces of 10,000, 100,000 and 100 tables, and tables of 2,000 and 20 columns (npm run bench)."""
        self.bulk("n10k", 10_000)
        self.bulk("n100k", 100_000, shared=True)
        self.bulk("n100", 100)
        self.create_namespace(["wide"])
        self.wide(["wide", "cols2000"], 2000)
        self.wide(["wide", "cols20"], 20)
        # The preview rows: a 50-column table of 10,000 rows (QueryTable, and 100 vs 10,000 rows in the panel).
        self.wide_rows(["wide", "rows10k"], 50, 10_000)

    # -- data preview ----------------------------------------------------------------------------------------
    @staticmethod
    def all_types_candidates(n: int):
        """(name, type, values) for every Arrow type the preview shows, `n` rows each, with nulls, extremes and
        hostile text. Deterministic (seeded), so the expected rows can be read back from the data alone."""
        import random

        import numpy as np
        import pyarrow as pa

        rnd = random.Random(16)
        utc = dt.timezone.utc

        def nulls(values, every):
            return [None if i % every == every - 1 else v for i, v in enumerate(values)]

        int64_edges = [2**63 - 1, -(2**63), 2**53 + 1, -(2**53) - 1, 0, 1]
        strings = ["", "plain", "Émile Zola", "line\nbreak", "tab\tand \u202eRLO\u202c", "<img src=x onerror=alert(1)>", "😀 emoji", "   "]
        zones = [("ts_s", "s", None), ("ts_ms_utc", "ms", "UTC"), ("ts_us_ny", "us", "America/New_York"),
                 ("ts_ns_tokyo", "ns", "Asia/Tokyo"), ("ts_us_offset", "us", "+05:30")]
        per_second = {"s": 1, "ms": 1000, "us": 1_000_000, "ns": 1_000_000_000}
        out = [
            ("id", pa.int64(), list(range(n))),
            ("big", pa.int64(), nulls([int64_edges[i % len(int64_edges)] if i < 12 else rnd.randint(-(2**63), 2**63 - 1) for i in range(n)], 7)),
            ("u64", pa.uint64(), nulls([2**64 - 1 if i % 5 == 0 else rnd.randint(0, 2**64 - 1) for i in range(n)], 9)),
            ("i8", pa.int8(), nulls([(-128, 127, 0)[i % 3] if i < 3 else rnd.randint(-128, 127) for i in range(n)], 11)),
            ("i16", pa.int16(), [rnd.randint(-32768, 32767) for _ in range(n)]),
            ("i32", pa.int32(), nulls([rnd.randint(-(2**31), 2**31 - 1) for _ in range(n)], 13)),
            ("u8", pa.uint8(), [rnd.randint(0, 255) for _ in range(n)]),
            ("u16", pa.uint16(), [rnd.randint(0, 65535) for _ in range(n)]),
            ("u32", pa.uint32(), [rnd.randint(0, 2**32 - 1) for _ in range(n)]),
            ("f16", pa.float16(), np.array([(0.1, -2.5, 65504.0, float("nan"))[i % 4] if i < 8 else rnd.uniform(-100, 100) for i in range(n)], dtype=np.float16)),
            ("f32", pa.float32(), nulls([(0.1, float("inf"), -0.0, 1e-45, 3.4028235e38)[i % 5] if i < 10 else rnd.uniform(-1e6, 1e6) for i in range(n)], 6)),
            ("f64", pa.float64(), nulls([(0.1, float("nan"), float("-inf"), 5e-324, 1.7976931348623157e308)[i % 5] if i < 10 else rnd.uniform(-1e12, 1e12) for i in range(n)], 8)),
            ("flag", pa.bool_(), nulls([i % 2 == 0 for i in range(n)], 5)),
            ("name", pa.string(), nulls([strings[i % len(strings)] for i in range(n)], 10)),
            ("notes", pa.large_string(), nulls([("long text " * rnd.randint(200, 2000)) + f"#{i}" for i in range(n)], 4)),
            ("payload", pa.binary(), nulls([b"" if i % 6 == 0 else bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 80))) for i in range(n)], 7)),
            ("big_payload", pa.large_binary(), nulls([bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 300))) for _ in range(n)], 9)),
            ("uuid", pa.binary(16), nulls([bytes(rnd.randrange(256) for _ in range(16)) for _ in range(n)], 8)),
            ("amount", pa.decimal128(38, 10), nulls([decimal.Decimal(rnd.randint(-(10**28), 10**28 - 1)).scaleb(-10) if i else decimal.Decimal("9999999999999999999999999999.9999999999") for i in range(n)], 6)),
            ("price", pa.decimal128(9, 2), nulls([decimal.Decimal(rnd.randint(-99999, 99999)).scaleb(-2) for _ in range(n)], 5)),
            ("huge", pa.decimal256(76, 30), nulls([decimal.Decimal(rnd.randint(-(10**75), 10**75)).scaleb(-30) for _ in range(n)], 7)),
            ("day", pa.date32(), nulls([dt.date(1, 1, 1) if i == 0 else dt.date(1970, 1, 1) + dt.timedelta(days=rnd.randint(-30000, 30000)) for i in range(n)], 6)),
            ("day64", pa.date64(), nulls([dt.date(1970, 1, 1) + dt.timedelta(days=rnd.randint(-30000, 30000)) for _ in range(n)], 8)),
            ("t_ms", pa.time32("ms"), nulls([rnd.randint(0, 86_399_999) for _ in range(n)], 7)),
            ("t_ns", pa.time64("ns"), nulls([rnd.randint(0, 86_399_999_999_999) for _ in range(n)], 9)),
        ]
        for name, unit, tz in zones:
            k = per_second[unit]
            # From 0001-01-01 to 9999-12-31 for the coarse units; int64 nanoseconds reach 1677..2262.
            lo, hi = (-62135596800, 253402300799) if unit in ("s", "ms", "us") else (-9_000_000_000, 9_000_000_000)
            values = [0, -1, 1720000000 * k + 123] + [rnd.randint(lo * k, hi * k) for _ in range(n - 3)]
            out.append((name, pa.timestamp(unit, tz=tz), nulls(values[:n], 7)))
        out += [
            ("dur_us", pa.duration("us"), nulls([rnd.randint(-(2**62), 2**62) for _ in range(n)], 8)),
            ("embedding", pa.list_(pa.float32(), 768), nulls([[rnd.uniform(-1, 1) for _ in range(768)] for _ in range(n)], 10)),
            ("tags", pa.list_(pa.string()), nulls([[] if i % 5 == 0 else [None if j == 2 else f"t{j}" for j in range(i % 4 + 1)] for i in range(n)], 7)),
            ("matrix", pa.list_(pa.list_(pa.int32())), nulls([[[rnd.randint(-9, 9) for _ in range(i % 3)] for _ in range(i % 4)] for i in range(n)], 9)),
            ("big_list", pa.large_list(pa.int64()), nulls([[rnd.randint(-(2**63), 2**63 - 1) for _ in range(i % 3)] for i in range(n)], 11)),
            ("props", pa.map_(pa.string(), pa.int64()), nulls([[(f"k{j}", None if j == 1 else rnd.randint(-(2**63), 2**63 - 1)) for j in range(i % 4)] for i in range(n)], 8)),
            ("address", pa.struct([("city", pa.string()), ("zip", pa.string()),
                                   ("geo", pa.struct([("lat", pa.float64()), ("lon", pa.float64())]))]),
             nulls([{"city": ("Paris", "Tōkyō", None)[i % 3], "zip": f"{i:05d}",
                     "geo": None if i % 4 == 3 else {"lat": rnd.uniform(-90, 90), "lon": rnd.uniform(-180, 180)}} for i in range(n)], 10)),
            ("events", pa.list_(pa.struct([("at", pa.timestamp("us", tz="UTC")), ("kind", pa.string())])),
             nulls([[{"at": dt.datetime(2024, 1, 1, tzinfo=utc) + dt.timedelta(seconds=rnd.randint(0, 10**7), microseconds=rnd.randint(0, 999999)),
                      "kind": ("view", "click", None)[j % 3]} for j in range(i % 3)] for i in range(n)], 9)),
            ("category", pa.dictionary(pa.int32(), pa.string()), None),
            ("nothing", pa.null(), [None] * n),
        ]
        return out

    def all_types(self, parts: list[str], n: int = 120) -> None:
        """One column per Arrow type Lance stores (probed: a type Lance refuses is recorded, not written)."""
        import lance
        import pyarrow as pa

        arrays, fields, dropped = [], [], {}
        for name, typ, values in self.all_types_candidates(n):
            if name == "category":
                arr = pa.array([(None, "alpha", "beta", "gamma")[i % 4] for i in range(n)]).dictionary_encode().cast(typ)
            else:
                arr = pa.array(values, type=typ)
            probe_dir = tempfile.mkdtemp(prefix="probe-", dir=self.root)
            try:
                lance.write_dataset(pa.table({name: arr}), probe_dir, mode="create")
                lance.dataset(probe_dir).to_table()
                arrays.append(arr)
                fields.append(pa.field(name, typ, nullable=name != "id"))
            except Exception as e:  # noqa: BLE001
                dropped[name] = f"{typ}: {type(e).__name__}: {str(e).splitlines()[0][:200]}"
            finally:
                shutil.rmtree(probe_dir, ignore_errors=True)
        table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"description": "every Arrow type, for the data preview"}))
        self.create_table(parts, table)
        self.manifest.setdefault("preview", {})["all_types_dropped"] = dropped

    def wide_rows(self, parts: list[str], columns: int, rows: int) -> None:
        """`rows` rows of `columns` columns of rotating types: the grid's 1,000 × 200 and the bench's 50-column table."""
        import numpy as np
        import pyarrow as pa

        rng = np.random.default_rng(columns * 7919 + rows)
        arrays, names = [], []
        for c in range(columns):
            kind = c % 6
            if kind == 0:
                arr = pa.array(rng.integers(-(2**62), 2**62, rows), pa.int64())
            elif kind == 1:
                arr = pa.array([f"r{r}c{c}-" + "x" * int(v) for r, v in enumerate(rng.integers(0, 24, rows))], pa.string())
            elif kind == 2:
                arr = pa.array(rng.normal(0, 1e3, rows), pa.float64())
            elif kind == 3:
                arr = pa.array(rng.integers(0, 2**50, rows) * 1000, pa.timestamp("us", tz="UTC"))
            elif kind == 4:
                arr = pa.array(rng.integers(0, 2, rows).astype(bool))
            else:
                arr = pa.array([None if r % 13 == 0 else [int(x) for x in rng.integers(0, 100, r % 4)] for r in range(rows)], pa.list_(pa.int32()))
            arrays.append(arr)
            names.append(f"c{c:03d}")
        self.create_table(parts, pa.Table.from_arrays(arrays, names=names))

    def tagged(self, parts: list[str]) -> None:
        """Three versions, tags on two of them, and a branch with a commit of its own (where pylance has branches)."""
        import lance
        import pyarrow as pa

        def batch(start, n):
            return pa.table({"n": pa.array(range(start, start + n), pa.int64()), "label": [f"row {i}" for i in range(start, start + n)]})

        self.create_table(parts, batch(0, 2))
        self.append(parts, batch(2, 2))
        self.append(parts, batch(4, 2))
        info = self.manifest["tables"]["$".join(parts)]
        ds = lance.dataset(os.path.join(self.root, info["location"]))
        ds.tags.create("gold", 1)
        ds.tags.create("silver", 2)
        info["tags"] = {"gold": 1, "silver": 2}
        try:
            branch = ds.create_branch("dev", 2)
            branch.insert(batch(100, 3))
            info["branches"] = {"dev": {"parent_version": 2, "rows": branch.count_rows()}}
        except Exception as e:  # noqa: BLE001
            info["branches_unsupported"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"

    def seed_preview(self) -> None:
        self.create_namespace(["preview"])
        self.all_types(["preview", "all_types"])
        self.wide_rows(["preview", "wide"], 200, 1500)
        self.tagged(["preview", "tagged"])

    # -- odd names -------------------------------------------------------------------------------------------
    def odd(self) -> None:
        self.create_namespace(["odd"])
        for nm in ["a%b", "a#b", "a?b", "a+b", "a b", "a/b", "ä"]:
            try:
                self.create_table(["odd", nm], self.tiny(7))
            except Exception as e:  # noqa: BLE001
                self.manifest["rejected_table_names"][nm] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"

    # -- seeds -----------------------------------------------------------------------------------------------
    def seed_common(self) -> None:
        for parts, props in [
            (["analytics"], None),
            (["analytics", "marketing"], None),
            (["analytics", "marketing", "campaigns"], None),
            (["sales"], {"owner": "data-eng", "description": "Sales data"}),
            (["sales", "emea"], None),
            (["sales", "apac"], None),
            (["raw data"], None),
            (["données"], None),
        ]:
            self.create_namespace(parts, props)
        emea = ["sales", "emea", "orders"]
        self.create_table(emea, self.orders(1, 3, "emea"))
        self.append(emea, self.orders(4, 2, "emea"))
        self.index(emea, "order_id", "order_id_idx")
        self.create_table(["sales", "emea", "customers"], self.customers())
        self.create_table(["sales", "apac", "orders"], self.orders(100, 1, "apac"))
        clicks, dropped = self.clicks()
        self.manifest["dropped_types"] = dropped
        self.create_table(["analytics", "marketing", "campaigns", "clicks"], clicks)
        import pyarrow as pa

        self.create_table(
            ["raw data", "events 2024"],
            pa.table({"event": ["start", "stop"], "at": pa.array([1, 2], pa.int64())}),
        )
        self.create_table(["données", "température"], pa.table({"ville": ["Lyon"], "degrés": [21.5]}))

    def seed_standard(self) -> None:
        self.seed_common()
        self.seed_preview()
        self.create_namespace(["big"])
        self.big()
        self.odd()

    def seed_demo(self) -> None:
        import pyarrow as pa

        self.seed_common()
        self.seed_preview()
        for parts in (["prod"], ["prod", "finance"], ["prod", "ml"], ["staging"], ["staging", "finance"]):
            self.create_namespace(parts, {"env": parts[0]} if len(parts) == 1 else None)

        def ledger(start, n):
            return pa.table(
                {
                    "entry_id": pa.array(range(start, start + n), pa.int64()),
                    "account": [f"ACC-{i % 7:04d}" for i in range(start, start + n)],
                    "debit": pa.array([float(i * 3 % 100) for i in range(start, start + n)]),
                    "credit": pa.array([float(i * 7 % 100) for i in range(start, start + n)]),
                    "posted_at": pa.array(
                        [dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=i) for i in range(start, start + n)],
                        pa.timestamp("us", tz="UTC"),
                    ),
                }
            )

        lid = ["prod", "finance", "ledger"]
        self.create_table(lid, ledger(0, 50))
        self.append(lid, ledger(50, 25))

        def invoices(start, n):
            return pa.table(
                {
                    "invoice_id": pa.array(range(start, start + n), pa.int64()),
                    "customer": [f"cust-{i % 11}" for i in range(start, start + n)],
                    "total": pa.array([round(i * 12.34, 2) for i in range(start, start + n)]),
                    "status": [("paid", "open", "void")[i % 3] for i in range(start, start + n)],
                    "lines": pa.array([[{"sku": f"SKU{i}", "qty": i % 5 + 1}] for i in range(start, start + n)],
                                      pa.list_(pa.struct([("sku", pa.string()), ("qty", pa.int32())]))),
                }
            )

        iid = ["prod", "finance", "invoices"]
        self.create_table(iid, invoices(0, 20))
        self.append(iid, invoices(20, 10))
        self.append(iid, invoices(30, 5))
        self.index(iid, "invoice_id", "invoice_id_idx")
        self.create_table(["prod", "ml", "features"], pa.table(
            {"id": pa.array(range(8), pa.int64()),
             "vector": pa.array([[float(i), 0.0, 1.0, float(-i)] for i in range(8)], pa.list_(pa.float32(), 4))}))
        sid = ["staging", "finance", "ledger"]
        self.create_table(sid, ledger(0, 5))
        self.append(sid, ledger(5, 5))
        self.create_table(["staging", "scratch"], pa.table({"note": ["tmp"]}))

    def finish(self) -> dict:
        m = self.manifest
        m["tables_by_namespace"] = {}
        for key, info in m["tables"].items():
            m["tables_by_namespace"].setdefault(info["namespace"], []).append(info["name"])
        for v in m["tables_by_namespace"].values():
            v.sort()
        m["namespaces_by_parent"] = {}
        for ns in m["namespaces"]:
            parent, _, child = ns.rpartition("$")
            m["namespaces_by_parent"].setdefault(parent or "$", []).append(child)
        for v in m["namespaces_by_parent"].values():
            v.sort()
        return m


def verify_odd_over_rest(s: "Seeder") -> None:
    """Keep only the odd-named tables that the REST server lists and serves back (count_rows by id)."""
    import lance.namespace as lns

    odd = [k for k, v in s.manifest["tables"].items() if v["namespace"] == "odd"]
    with lns.RestAdapter("dir", {"root": s.root}, host="127.0.0.1", port=0) as adapter:
        base = f"http://127.0.0.1:{adapter.port}/v1"
        with urllib.request.urlopen(f"{base}/namespace/odd/table/list", timeout=30) as r:
            listed = set(json.load(r)["tables"])
        for key in odd:
            name = s.manifest["tables"][key]["name"]
            why = None
            if name not in listed:
                why = "not listed by REST table/list"
            else:
                tid = urllib.parse.quote(f"odd${name}", safe="")
                req = urllib.request.Request(f"{base}/table/{tid}/count_rows", data=b"{}", method="POST",
                                             headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        body = json.load(r)
                    if (body.get("count") if isinstance(body, dict) else body) != 1:
                        why = f"count_rows over REST answered {body!r}"
                except Exception as e:  # noqa: BLE001
                    why = f"count_rows over REST failed: {e!r}"
            if why:
                s.manifest["rejected_table_names"][name] = why
                del s.manifest["tables"][key]
                try:
                    s.ns.drop_table(s.lns.DropTableRequest(id=["odd", name]))
                except Exception as e:  # noqa: BLE001
                    log("could not drop", name, e)
    s.manifest["odd_names_verified_over_rest"] = True


def build_seed(seed: str, dest: str) -> dict:
    s = Seeder(dest)
    if seed == "standard":
        s.seed_standard()
    elif seed == "demo":
        s.seed_demo()
    elif seed == "bench":
        s.seed_bench()
    if seed == "standard":
        verify_odd_over_rest(s)
    m = s.finish()
    m["seed"] = seed
    import lance
    import pyarrow

    m["generated_by"] = {"pylance": lance.__version__, "pyarrow": pyarrow.__version__}
    return m


def compact_manifest(m: dict) -> dict:
    """The committed fixture: strip machine-specific/bulky fields (locations) and collapse the big namespace."""
    out = json.loads(json.dumps(m))
    tables = {}
    big = []
    for k, v in out["tables"].items():
        v.pop("location", None)
        if v["namespace"] == "big":
            big.append(v["name"])
            continue
        tables[k] = v
    out["tables"] = tables
    if big:
        out["big"] = {"namespace": "big", "count": len(big), "first": min(big), "last": max(big),
                      "name_pattern": "t%05d", "rows_each": 1, "versions_each": 1, "columns": ["x"]}
        out["tables_by_namespace"]["big"] = {"count": len(big), "first": min(big), "last": max(big)}
    return out


def ensure_seed(seed: str) -> tuple[str, dict, float]:
    """Return (seed dir, manifest, seconds spent building (0 if cached))."""
    base = cache_dir()
    final = os.path.join(base, f"lance-seed-{seed}-{script_hash()}")
    ready = os.path.join(final, ".seed-manifest.json")
    t0 = time.time()
    if not os.path.exists(ready):
        with open(os.path.join(base, f"lance-seed-{seed}.lock"), "w") as lockf:
            fcntl.flock(lockf, fcntl.LOCK_EX)
            if not os.path.exists(ready):
                log(f"building seed {seed!r} into {final} ...")
                tmp = tempfile.mkdtemp(prefix=f".lance-seed-{seed}-", dir=base)
                try:
                    m = build_seed(seed, os.path.join(tmp, "root"))
                    with open(os.path.join(tmp, ".seed-manifest.json"), "w") as f:
                        json.dump(m, f, indent=1, ensure_ascii=False)
                    if os.path.exists(final):
                        shutil.rmtree(final)
                    os.rename(tmp, final)
                except BaseException:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise
                log(f"seed {seed!r} built in {time.time() - t0:.1f}s")
    built = time.time() - t0
    with open(ready) as f:
        return os.path.join(final, "root"), json.load(f), built


def clone_tree(src: str, dst: str) -> None:
    """Per-start private copy. Hard links are safe: Lance writes new files (object_store stages + renames),
    never modifies existing files in place."""
    if shutil.which("cp") and sys.platform.startswith("linux"):
        r = subprocess.run(["cp", "-al", src, dst], stderr=subprocess.PIPE)
        if r.returncode == 0:
            return
        shutil.rmtree(dst, ignore_errors=True)
    try:
        shutil.copytree(src, dst, copy_function=os.link)
    except OSError:
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)


# --------------------------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", choices=["standard", "demo", "bench", "none"], default="standard")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--write-fixture", metavar="PATH", nargs="?", const=DEFAULT_MANIFEST,
                    help="write the compact manifest (default test/fixtures/lance-<seed>.json for standard)")
    ap.add_argument("--build-only", action="store_true", help="build/cache the seed, then exit")
    args = ap.parse_args()

    import lance.namespace as lns

    t0 = time.time()
    workdir = tempfile.mkdtemp(prefix="nsb-lance-")
    root = os.path.join(workdir, "root")
    manifest: dict = {"seed": "none"}
    built = 0.0
    if args.seed != "none":
        seed_root, manifest, built = ensure_seed(args.seed)
        if args.write_fixture:
            os.makedirs(os.path.dirname(args.write_fixture), exist_ok=True)
            with open(args.write_fixture, "w") as f:
                json.dump(compact_manifest(manifest), f, indent=2, ensure_ascii=False)
                f.write("\n")
            log("wrote", args.write_fixture)
        if args.build_only:
            shutil.rmtree(workdir, ignore_errors=True)
            return 0
        clone_tree(seed_root, root)
    else:
        os.makedirs(root)
        if args.build_only:
            shutil.rmtree(workdir, ignore_errors=True)
            return 0

    stop = stop_on_signals(log)

    adapter = lns.RestAdapter("dir", {"root": root}, host=args.host, port=args.port)
    adapter.start()
    try:
        port = adapter.port
        uri = f"http://{args.host}:{port}"
        # make sure it really answers before announcing readiness
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{uri}/v1/namespace/%24/list", timeout=5) as r:
                    r.read()
                break
            except Exception as e:  # noqa: BLE001
                if time.time() > deadline:
                    raise RuntimeError(f"server did not answer: {e!r}")
                time.sleep(0.02)
        ready = {"ready": True, "port": port, "uri": uri, "root": root, "seed": args.seed,
                 "seed_build_seconds": round(built, 3), "startup_seconds": round(time.time() - t0, 3)}
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()
        log("ready", json.dumps(ready))
        wait_until_stopped(stop, log)
    finally:
        try:
            adapter.stop()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        log("stopped")
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)  # do not wait for the stdin watcher thread
