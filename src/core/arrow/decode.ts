/**
 * Arrow IPC (the file format QueryTable answers with, or a stream) read with apache-arrow, then each value taken
 * from the column's buffers as its type stores it: 64-bit integers, timestamps and durations as BigInts, decimals as
 * their unscaled BigInt, float16 from its bits. apache-arrow's own `get()` turns timestamps into milliseconds (losing
 * micro- and nanoseconds) and decimals into its own big-number objects; reading the buffers keeps every digit and is
 * cheaper. Rows are read when asked for, so a grid that shows 30 of 10,000 rows reads 30.
 */
import type * as Arrow from 'apache-arrow';
import { CatalogError, errorMessage } from '../errors';
import { loadArrow, type ArrowLibrary } from '../lazy/load';
import { float16FromBits, type ArrowValue, type TimeUnitName, type ValueField, type ValueType } from './values';

/** The rows of one Arrow IPC answer, read on demand. */
export interface ArrowRowSet {
  readonly fields: readonly ValueField[];
  readonly length: number;
  /** How the server framed the batches: an IPC file (`ARROW1` magic) or a stream. */
  readonly format: 'file' | 'stream';
  /** Every value of row `index`, one per field. */
  row(index: number): ArrowValue[];
  value(index: number, column: number): ArrowValue;
}

type Reader = (index: number) => ArrowValue;
type AnyData = Arrow.Data<Arrow.DataType>;

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** Read an Arrow IPC file or stream; a malformed answer or a type this reader does not know is a protocol error. */
export function readArrowIpc(bytes: Uint8Array, operation = 'QueryTable'): ArrowRowSet {
  const A = loadArrow();
  const format = FILE_MAGIC.every((b, i) => bytes[i] === b) ? 'file' : 'stream';
  let table: Arrow.Table;
  try {
    table = A.tableFromIPC(bytes);
  } catch (e) {
    throw new CatalogError('protocol', `${operation}: the answer is not readable Arrow IPC data (${bytes.byteLength} bytes): ${errorMessage(e)}`, { cause: e });
  }
  // apache-arrow reads an empty or schema-less answer as a table of nothing; an answer always has a schema.
  if (table.schema.fields.length === 0) throw new CatalogError('protocol', `${operation}: the answer holds no Arrow schema (${bytes.byteLength} bytes)`);
  const batches = table.batches;
  const fields = table.schema.fields.map((f) => valueField(A, f));
  const starts: number[] = [];
  let length = 0;
  const columns: Reader[][] = [];
  try {
    for (const batch of batches) {
      starts.push(length);
      length += batch.numRows;
      columns.push(batch.data.children.map((d) => reader(A, d)));
    }
  } catch (e) {
    throw new CatalogError('protocol', `${operation}: ${errorMessage(e)}`, { cause: e });
  }
  const locate = (index: number): [Reader[], number] => {
    if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`row ${index} is outside 0..${length - 1}`);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return [columns[lo]!, index - starts[lo]!];
  };
  return {
    fields,
    length,
    format,
    row(index) {
      const [readers, local] = locate(index);
      return readers.map((r) => r(local));
    },
    value(index, column) {
      const [readers, local] = locate(index);
      const r = readers[column];
      if (!r) throw new RangeError(`column ${column} is outside 0..${readers.length - 1}`);
      return r(local);
    },
  };
}

const TIME_UNITS: TimeUnitName[] = ['s', 'ms', 'us', 'ns'];

/** An Arrow field as this project's plain type tree. */
function valueField(A: ArrowLibrary, field: Arrow.Field): ValueField {
  const t = field.type as Arrow.DataType;
  if (t.typeId === A.Type.Dictionary) {
    const d = t as Arrow.Dictionary;
    const indices = `${d.indices.isSigned ? 'int' : 'uint'}${d.indices.bitWidth}`;
    return { name: field.name, type: valueType(A, d.dictionary, field.name), nullable: field.nullable, dictionary: { indices, ordered: d.isOrdered } };
  }
  return { name: field.name, type: valueType(A, t, field.name), nullable: field.nullable };
}

function valueType(A: ArrowLibrary, t: Arrow.DataType, name: string): ValueType {
  const T = A.Type;
  const children = (): ValueField[] => (t.children ?? []).map((c) => valueField(A, c));
  switch (t.typeId) {
    case T.Null:
      return { kind: 'null' };
    case T.Bool:
      return { kind: 'bool' };
    case T.Int: {
      const i = t as Arrow.Int;
      return { kind: 'int', bits: i.bitWidth as 8 | 16 | 32 | 64, signed: i.isSigned };
    }
    case T.Float: {
      const p = (t as Arrow.Float).precision;
      return { kind: 'float', bits: p === A.Precision.HALF ? 16 : p === A.Precision.SINGLE ? 32 : 64 };
    }
    case T.Decimal: {
      const d = t as Arrow.Decimal;
      return { kind: 'decimal', precision: d.precision, scale: d.scale, bits: d.bitWidth };
    }
    case T.Utf8:
      return { kind: 'utf8', variant: 'utf8' };
    case T.LargeUtf8:
      return { kind: 'utf8', variant: 'large_utf8' };
    case T.Utf8View:
      return { kind: 'utf8', variant: 'utf8_view' };
    case T.Binary:
      return { kind: 'binary', variant: 'binary' };
    case T.LargeBinary:
      return { kind: 'binary', variant: 'large_binary' };
    case T.BinaryView:
      return { kind: 'binary', variant: 'binary_view' };
    case T.FixedSizeBinary:
      return { kind: 'binary', variant: 'fixed_size_binary', width: (t as Arrow.FixedSizeBinary).byteWidth };
    case T.Date:
      return { kind: 'date', unit: (t as Arrow.Date_).unit === A.DateUnit.DAY ? 'day' : 'ms' };
    case T.Time:
      return { kind: 'time', unit: TIME_UNITS[(t as Arrow.Time).unit]! };
    case T.Timestamp: {
      const ts = t as Arrow.Timestamp;
      return ts.timezone ? { kind: 'timestamp', unit: TIME_UNITS[ts.unit]!, timezone: ts.timezone } : { kind: 'timestamp', unit: TIME_UNITS[ts.unit]! };
    }
    case T.Duration:
      return { kind: 'duration', unit: TIME_UNITS[(t as Arrow.Duration).unit]! };
    case T.Interval: {
      const u = (t as Arrow.Interval).unit;
      return { kind: 'interval', unit: u === A.IntervalUnit.YEAR_MONTH ? 'year_month' : u === A.IntervalUnit.DAY_TIME ? 'day_time' : 'month_day_nano' };
    }
    case T.List:
      return { kind: 'list', variant: 'list', item: children()[0]! };
    case T.LargeList:
      return { kind: 'list', variant: 'large_list', item: children()[0]! };
    case T.FixedSizeList:
      return { kind: 'list', variant: 'fixed_size_list', item: children()[0]!, size: (t as Arrow.FixedSizeList).listSize };
    case T.Struct:
      return { kind: 'struct', fields: children() };
    case T.Map: {
      const entries = children()[0];
      const kv = entries?.type.kind === 'struct' ? entries.type.fields : [];
      if (kv.length !== 2) throw new CatalogError('protocol', `QueryTable: column "${name}" is a map without key and value fields`);
      return { kind: 'map', key: kv[0]!, value: kv[1]! };
    }
    case T.Union:
      return { kind: 'union', mode: (t as Arrow.Union).mode === A.UnionMode.Dense ? 'dense' : 'sparse', fields: children() };
    default:
      throw new CatalogError('protocol', `QueryTable: column "${name}" has an Arrow type this browser cannot show (${String(t)})`);
  }
}

/** Whether row `i` of `data` is valid (not null); undefined when the data has no nulls to check. */
function validity(data: AnyData): ((i: number) => boolean) | undefined {
  const bitmap = data.nullBitmap;
  if (!(data.nullCount > 0) || !bitmap || bitmap.length === 0) return undefined;
  const offset = data.offset;
  return (i) => {
    const pos = offset + i;
    return (bitmap[pos >> 3]! & (1 << (pos & 7))) !== 0;
  };
}

const UTF8 = new TextDecoder('utf-8');

/** A reader of one column chunk (or nested child): index → exact value. Nulls are checked once, around the getter. */
function reader(A: ArrowLibrary, data: AnyData): Reader {
  const T = A.Type;
  const t = data.type;
  if (t.typeId === T.Null) return () => null;
  if (t.typeId === T.Union) return unionReader(A, data);
  const get = getter(A, data, T);
  const valid = validity(data);
  return valid ? (i) => (valid(i) ? get(i) : null) : get;
}

function getter(A: ArrowLibrary, data: AnyData, T: ArrowLibrary['Type']): Reader {
  const t = data.type;
  const values = data.values as unknown as ArrayLike<number | bigint> & { subarray(b: number, e: number): Uint8Array };
  switch (t.typeId) {
    case T.Bool: {
      const offset = data.offset;
      const bits = data.values as unknown as Uint8Array;
      return (i) => {
        const pos = offset + i;
        return (bits[pos >> 3]! & (1 << (pos & 7))) !== 0;
      };
    }
    case T.Int:
    case T.Timestamp:
    case T.Duration:
      // int8..int32 arrive as numbers, 64-bit values as BigInts (BigInt64Array / BigUint64Array).
      return (i) => values[i]!;
    case T.Float:
      if ((t as Arrow.Float).precision === A.Precision.HALF) return (i) => float16FromBits(values[i] as number);
      return (i) => values[i]!;
    case T.Date:
      return (t as Arrow.Date_).unit === A.DateUnit.DAY ? (i) => values[i]! : (i) => BigInt(values[i]!);
    case T.Time:
      return (i) => BigInt(values[i]!);
    case T.Decimal: {
      const words = data.values as unknown as Uint32Array;
      const stride = (t as Arrow.Decimal).bitWidth / 32;
      return (i) => twosComplement(words, i * stride, stride);
    }
    case T.Utf8:
    case T.LargeUtf8: {
      const bytes = data.values as unknown as Uint8Array;
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      return (i) => UTF8.decode(bytes.subarray(Number(offsets[i]), Number(offsets[i + 1])));
    }
    case T.Binary:
    case T.LargeBinary: {
      const bytes = data.values as unknown as Uint8Array;
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      return (i) => bytes.subarray(Number(offsets[i]), Number(offsets[i + 1]));
    }
    case T.Utf8View:
      return (i) => UTF8.decode(viewBytes(data, i));
    case T.BinaryView:
      return (i) => viewBytes(data, i);
    case T.FixedSizeBinary: {
      const bytes = data.values as unknown as Uint8Array;
      const width = (t as Arrow.FixedSizeBinary).byteWidth;
      return (i) => bytes.subarray(i * width, (i + 1) * width);
    }
    case T.Interval: {
      const unit = (t as Arrow.Interval).unit;
      const ints = data.values as unknown as Int32Array;
      if (unit === A.IntervalUnit.YEAR_MONTH) return (i) => [ints[i]!];
      if (unit === A.IntervalUnit.DAY_TIME) return (i) => [ints[2 * i]!, ints[2 * i + 1]!];
      return (i) => [ints[4 * i]!, ints[4 * i + 1]!, (BigInt(ints[4 * i + 3]!) << 32n) | BigInt(ints[4 * i + 2]! >>> 0)];
    }
    case T.List:
    case T.LargeList: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const item = reader(A, data.children[0]!);
      return (i) => range(Number(offsets[i]), Number(offsets[i + 1]), item);
    }
    case T.FixedSizeList: {
      const size = (t as Arrow.FixedSizeList).listSize;
      const item = reader(A, data.children[0]!);
      return (i) => range(i * size, (i + 1) * size, item);
    }
    case T.Struct: {
      const fields = data.children.map((c) => reader(A, c));
      return (i) => fields.map((f) => f(i));
    }
    case T.Map: {
      const offsets = data.valueOffsets as ArrayLike<number>;
      const entries = data.children[0]!;
      const key = reader(A, entries.children[0]!);
      const value = reader(A, entries.children[1]!);
      return (i) => {
        const out: [ArrowValue, ArrowValue][] = [];
        for (let j = Number(offsets[i]); j < Number(offsets[i + 1]); j++) out.push([key(j), value(j)]);
        return out;
      };
    }
    case T.Dictionary: {
      const dictionary = (data as AnyData & { dictionary?: Arrow.Vector }).dictionary;
      if (!dictionary) throw new Error(`a dictionary-encoded column arrived without its dictionary`);
      const lookup = vectorReader(A, dictionary);
      return (i) => lookup(Number(values[i]));
    }
    default:
      throw new Error(`an Arrow type this browser cannot show (${String(t)})`);
  }
}

function range(begin: number, end: number, item: Reader): ArrowValue[] {
  const out = new Array<ArrowValue>(end - begin);
  for (let j = begin; j < end; j++) out[j - begin] = item(j);
  return out;
}

/** A dictionary's values may come in several chunks (delta dictionaries): index across them. */
function vectorReader(A: ArrowLibrary, vector: Arrow.Vector): Reader {
  const chunks = vector.data.map((d) => ({ length: d.length, read: reader(A, d as AnyData) }));
  if (chunks.length === 1) return chunks[0]!.read;
  return (i) => {
    let local = i;
    for (const c of chunks) {
      if (local < c.length) return c.read(local);
      local -= c.length;
    }
    throw new RangeError(`dictionary index ${i} is outside the dictionary`);
  };
}

/** A union has no validity of its own: its value (null or not) is the child's its type id names. */
function unionReader(A: ArrowLibrary, data: AnyData): Reader {
  const t = data.type as Arrow.Union;
  const typeIds = (data as AnyData & { typeIds: Int8Array }).typeIds;
  const children = data.children.map((c) => reader(A, c));
  const childOf = t.typeIdToChildIndex as unknown as Record<number, number>;
  const offsets = t.mode === A.UnionMode.Dense ? (data.valueOffsets as ArrayLike<number>) : undefined;
  return (i) => {
    const field = childOf[typeIds[i]!]!;
    return { field, value: children[field]!(offsets ? Number(offsets[i]) : i) };
  };
}

/** A little-endian two's complement integer of `count` 32-bit words (decimal128 and decimal256). */
function twosComplement(words: Uint32Array, start: number, count: number): bigint {
  let n = 0n;
  for (let w = count - 1; w >= 0; w--) n = (n << 32n) | BigInt(words[start + w]!);
  const bits = BigInt(count * 32);
  return words[start + count - 1]! & 0x80000000 ? n - (1n << bits) : n;
}

/** The bytes of a binary or string view (Arrow's 16-byte views: inline up to 12 bytes, else in a variadic buffer). */
function viewBytes(data: AnyData, i: number): Uint8Array {
  const views = data.values as unknown as Uint8Array;
  const view = new DataView(views.buffer, views.byteOffset + i * 16, 16);
  const size = view.getInt32(0, true);
  if (size <= 0) return new Uint8Array(0);
  if (size <= 12) return views.subarray(i * 16 + 4, i * 16 + 4 + size);
  const buffer = data.variadicBuffers[view.getInt32(8, true)];
  if (!buffer) throw new Error('a string view points to a buffer the answer does not have');
  const offset = view.getInt32(12, true);
  return buffer.subarray(offset, offset + size);
}
