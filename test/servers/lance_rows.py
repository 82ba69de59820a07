#!/usr/bin/env python3
"""Print a Lance table's rows as pylance reads them (`dataset.to_table(...)`), as exact JSON, for the tests that
compare `nsb head --json` with it.

Usage: lance_rows.py URI [--limit N] [--offset N] [--columns a,b] [--filter EXPR] [--version V | --tag T]

Prints {"columns": [{"name", "type"}], "rows": [{...}]} with the encoding docs/cli.md documents for `nsb head --json`,
written here from pyarrow's own arrays and Python's own date and zone arithmetic (zoneinfo), independently of the
TypeScript code it checks: int64 and uint64 as decimal strings, decimals as strings with every digit, binary as
base64, dates/times/timestamps as ISO 8601 with the unit's digits and the zone's offset (Z for UTC), durations as a
string count, NaN/Infinity as strings, floats as the shortest text of their own width, maps as [{"key", "value"}].
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import math
import sys
from zoneinfo import ZoneInfo

import lance
import numpy as np
import pyarrow as pa

PER_SECOND = {"s": 1, "ms": 1000, "us": 1_000_000, "ns": 1_000_000_000}
DIGITS = {"s": 0, "ms": 3, "us": 6, "ns": 9}
UTC_NAMES = {"utc", "etc/utc", "z", "gmt", "etc/gmt", "zulu", "universal", "etc/universal", "+00:00", "-00:00", "+0000"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def zone(tz: str) -> dt.tzinfo:
    if tz.lower() in UTC_NAMES:
        return dt.timezone.utc
    if tz[:1] in "+-" and len(tz) in (5, 6):
        sign = -1 if tz[0] == "-" else 1
        hh, mm = int(tz[1:3]), int(tz[-2:])
        return dt.timezone(sign * dt.timedelta(hours=hh, minutes=mm))
    return ZoneInfo(tz)


def clock(d: dt.datetime | dt.time, frac: int, unit: str) -> str:
    text = f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    return text + (f".{frac:0{DIGITS[unit]}d}" if DIGITS[unit] else "")


def date_text(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def timestamp_text(count: int, unit: str, tz: str | None) -> str:
    seconds, frac = divmod(count, PER_SECOND[unit])
    instant = EPOCH + dt.timedelta(seconds=seconds)
    if tz is None:
        local, suffix = instant, ""
    else:
        local = instant.astimezone(zone(tz))
        if tz.lower() in UTC_NAMES:
            suffix = "Z"
        else:
            east = int(local.utcoffset().total_seconds())
            a = abs(east)
            suffix = f"{'-' if east < 0 else '+'}{a // 3600:02d}:{a // 60 % 60:02d}" + (f":{a % 60:02d}" if a % 60 else "")
    return f"{date_text(local)}T{clock(local, frac, unit)}{suffix}"


def float_json(v: float, bits: int):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if bits == 16:
        return float(str(np.float16(v)))
    if bits == 32:
        return float(str(np.float32(v)))
    return v


def encode(arr: pa.Array) -> list:
    """Every slot of `arr` (offset 0) as its JSON value."""
    t = arr.type
    valid = arr.is_valid().to_pylist() if arr.null_count else [True] * len(arr)

    def masked(values):
        return [v if ok else None for v, ok in zip(values, valid)]

    if pa.types.is_dictionary(t):
        return encode(arr.dictionary_decode())
    if pa.types.is_null(t):
        return [None] * len(arr)
    if pa.types.is_integer(t):
        return [None if v is None else (str(v) if t.bit_width == 64 else v) for v in arr.to_pylist()]
    if pa.types.is_floating(t):
        return [None if v is None else float_json(v, t.bit_width) for v in arr.to_pylist()]
    if pa.types.is_boolean(t) or pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr.to_pylist()
    if pa.types.is_decimal(t):
        return [None if v is None else format(v, "f") for v in arr.to_pylist()]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return [None if v is None else base64.b64encode(v).decode() for v in arr.to_pylist()]
    if pa.types.is_date32(t) or pa.types.is_date64(t):
        return [None if v is None else date_text(v) for v in arr.to_pylist()]
    if pa.types.is_time(t):
        raw = arr.cast(pa.int32() if t.bit_width == 32 else pa.int64()).to_pylist()
        out = []
        for v in raw:
            if v is None:
                out.append(None)
                continue
            seconds, frac = divmod(v, PER_SECOND[t.unit])
            out.append(clock(dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60), frac, t.unit))
        return out
    if pa.types.is_timestamp(t):
        return [None if v is None else timestamp_text(v, t.unit, t.tz) for v in arr.cast(pa.int64()).to_pylist()]
    if pa.types.is_duration(t):
        return [None if v is None else str(v) for v in arr.cast(pa.int64()).to_pylist()]
    if pa.types.is_fixed_size_list(t):
        items = encode(arr.values)
        n = t.list_size
        return masked([items[i * n:(i + 1) * n] for i in range(len(arr))])
    if pa.types.is_map(t):
        keys, items = encode(arr.keys), encode(arr.items)
        offs = arr.offsets.to_pylist()
        return masked([[{"key": keys[j], "value": items[j]} for j in range(offs[i], offs[i + 1])] for i in range(len(arr))])
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        items = encode(arr.values)
        offs = arr.offsets.to_pylist()
        return masked([items[offs[i]:offs[i + 1]] for i in range(len(arr))])
    if pa.types.is_struct(t):
        cols = [(t.field(k).name, encode(arr.field(k))) for k in range(t.num_fields)]
        return masked([{name: values[i] for name, values in cols} for i in range(len(arr))])
    raise SystemExit(f"lance_rows.py: no JSON form for {t}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("uri")
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--offset", type=int)
    ap.add_argument("--columns")
    ap.add_argument("--filter")
    ap.add_argument("--version", type=int)
    ap.add_argument("--tag")
    args = ap.parse_args()
    ds = lance.dataset(args.uri, version=args.tag if args.tag else args.version)
    table = ds.to_table(limit=args.limit, offset=args.offset, columns=args.columns.split(",") if args.columns else None, filter=args.filter)
    columns = [{"name": f.name, "type": str(f.type)} for f in table.schema]
    encoded = [encode(table.column(k).combine_chunks()) for k in range(table.num_columns)]
    rows = [{c["name"]: encoded[k][i] for k, c in enumerate(columns)} for i in range(table.num_rows)]
    json.dump({"columns": columns, "rows": rows}, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
