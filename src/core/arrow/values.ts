/**
 * Table rows as this project keeps them once read from Arrow: each column's type as a plain tree, and each value in
 * the exact form its Arrow type has on the wire (a BigInt for every 64-bit integer, the unscaled BigInt of a decimal,
 * the raw count of a timestamp in its unit). Nothing here is rounded; the text and JSON forms below are built from
 * these values alone, so the preview grid, `nsb head` and the copy commands agree with one another.
 *
 * No apache-arrow here (./decode.ts reads IPC with it): this module is what the rest of the code may import freely.
 */

/** The units of times, timestamps and durations, as Arrow names them. */
export type TimeUnitName = 's' | 'ms' | 'us' | 'ns';

/** An Arrow type, as far as showing its values needs. Dictionary-encoded columns are their value type (`dictionary` set). */
export type ValueType =
  | { kind: 'null' }
  | { kind: 'bool' }
  | { kind: 'int'; bits: 8 | 16 | 32 | 64; signed: boolean }
  | { kind: 'float'; bits: 16 | 32 | 64 }
  | { kind: 'decimal'; precision: number; scale: number; bits: number }
  | { kind: 'utf8'; variant: 'utf8' | 'large_utf8' | 'utf8_view' }
  | { kind: 'binary'; variant: 'binary' | 'large_binary' | 'binary_view' | 'fixed_size_binary'; width?: number }
  | { kind: 'date'; unit: 'day' | 'ms' }
  | { kind: 'time'; unit: TimeUnitName }
  | { kind: 'timestamp'; unit: TimeUnitName; timezone?: string }
  | { kind: 'duration'; unit: TimeUnitName }
  | { kind: 'interval'; unit: 'year_month' | 'day_time' | 'month_day_nano' }
  | { kind: 'list'; variant: 'list' | 'large_list' | 'fixed_size_list'; item: ValueField; size?: number }
  | { kind: 'struct'; fields: ValueField[] }
  | { kind: 'map'; key: ValueField; value: ValueField }
  | { kind: 'union'; mode: 'sparse' | 'dense'; fields: ValueField[] };

/** A column, or a field nested in one. */
export interface ValueField {
  name: string;
  type: ValueType;
  nullable: boolean;
  /** Read through a dictionary (Arrow dictionary encoding): its index type; the values are the dictionary's. */
  dictionary?: { indices: string; ordered: boolean };
}

/**
 * One value, exact. By type: null → `null`; bool → boolean; int of up to 32 bits, float → number; int64, uint64 →
 * bigint; decimal → the unscaled bigint; utf8 → string; binary → Uint8Array; date (day) → number of days, date (ms) →
 * bigint; time, timestamp, duration → bigint count of the unit; interval → its parts; list → array; struct → array by
 * field; map → [key, value] pairs; union → `{ field, value }` (the field index of the value's type).
 */
export type ArrowValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | ArrowValue[]
  | { readonly field: number; readonly value: ArrowValue }
  | readonly [ArrowValue, ArrowValue][];

/** Arrow's own spelling of a type, as `pyarrow` prints it: `int64`, `timestamp[us, tz=UTC]`, `list<item: string>`. */
export function typeName(field: Pick<ValueField, 'type' | 'dictionary'>): string {
  const name = baseTypeName(field.type);
  return field.dictionary ? `dictionary<values=${name}, indices=${field.dictionary.indices}, ordered=${field.dictionary.ordered ? 1 : 0}>` : name;
}

/** A nested field as pyarrow writes it inside its parent's type: `name: type`, and ` not null` when it is not nullable. */
function childName(f: ValueField): string {
  return `${f.name}: ${typeName(f)}${f.nullable ? '' : ' not null'}`;
}

function baseTypeName(t: ValueType): string {
  switch (t.kind) {
    case 'null':
    case 'bool':
      return t.kind;
    case 'int':
      return `${t.signed ? 'int' : 'uint'}${t.bits}`;
    case 'float':
      return t.bits === 16 ? 'halffloat' : t.bits === 32 ? 'float' : 'double';
    case 'decimal':
      return `decimal${t.bits}(${t.precision}, ${t.scale})`;
    case 'utf8':
      return t.variant === 'utf8' ? 'string' : t.variant === 'large_utf8' ? 'large_string' : 'string_view';
    case 'binary':
      return t.variant === 'fixed_size_binary' ? `fixed_size_binary[${t.width}]` : t.variant;
    case 'date':
      return t.unit === 'day' ? 'date32[day]' : 'date64[ms]';
    case 'time':
      return `time${t.unit === 's' || t.unit === 'ms' ? 32 : 64}[${t.unit}]`;
    case 'timestamp':
      return `timestamp[${t.unit}${t.timezone ? `, tz=${t.timezone}` : ''}]`;
    case 'duration':
      return `duration[${t.unit}]`;
    case 'interval':
      return `${t.unit}_interval`;
    case 'list': {
      const item = childName(t.item);
      return t.variant === 'fixed_size_list' ? `fixed_size_list<${item}>[${t.size}]` : `${t.variant}<${item}>`;
    }
    case 'struct':
      return `struct<${t.fields.map(childName).join(', ')}>`;
    case 'map':
      return `map<${typeName(t.key)}, ${typeName(t.value)}${t.value.nullable ? '' : ' not null'}>`;
    case 'union':
      return `${t.mode}_union<${t.fields.map(childName).join(', ')}>`;
  }
}

/** Whether a value of this type reads as a number (right-aligned in the grid and the CLI's table). */
export function isNumeric(t: ValueType): boolean {
  return t.kind === 'int' || t.kind === 'float' || t.kind === 'decimal' || t.kind === 'duration';
}

/** A fixed-size list of floats: an embedding, shown summarised. */
export function isVector(t: ValueType): boolean {
  return t.kind === 'list' && t.variant === 'fixed_size_list' && t.item.type.kind === 'float';
}

// ---------------------------------------------------------------------------------------------------------------
// Scalars as exact text

/** A decimal's unscaled integer at its scale, all digits: 12345n at scale 3 → `12.345`, at scale −2 → `1234500`. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale <= 0) return `${negative ? '-' : ''}${digits}${scale < 0 && digits !== '0' ? '0'.repeat(-scale) : ''}`;
  digits = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * A float as the shortest text that reads back as the same value of its own width: a float32 0.1 is `0.1`, not
 * `0.10000000149011612` (the double it is held in). Of two shortest texts equally near the value, the even one, as
 * JavaScript does for doubles and numpy for float32. NaN and the infinities as `NaN`, `Infinity`, `-Infinity`.
 */
export function floatText(value: number, bits: 16 | 32 | 64): string {
  if (!Number.isFinite(value)) return String(value);
  if (Object.is(value, -0)) return '-0';
  if (bits === 64) return String(value);
  const round = bits === 32 ? Math.fround : roundToFloat16;
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  for (let p = 1; p <= 17; p++) {
    const [mantissa, exponent] = magnitude.toExponential(p - 1).split('e') as [string, string];
    let candidate = Number(`${sign}${mantissa}e${exponent}`);
    if (round(candidate) !== value) continue;
    // toExponential breaks a tie toward the larger magnitude; step down to the even neighbour when it is a tie.
    const digits = mantissa.replace('.', '');
    if (Number(digits.at(-1)) % 2 === 1 && isHalfway(magnitude, p)) {
      const lower = Number(`${sign}${BigInt(digits) - 1n}e${Number(exponent) - (p - 1)}`);
      if (round(lower) === value) candidate = lower;
    }
    return String(candidate);
  }
  return String(value);
}

/** Whether `x` lies exactly halfway between two decimals of `p` significant digits. */
function isHalfway(x: number, p: number): boolean {
  const digits = x
    .toExponential(Math.min(100, p + 30))
    .split('e')[0]!
    .replace('.', '');
  return digits[p] === '5' && /^0*$/.test(digits.slice(p + 1));
}

/** IEEE half precision bits → the number they hold (exactly: every float16 is a double). */
export function float16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The float16 nearest to `x` (ties to even), as a number: what `Math.fround` is for float32. */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  // The spacing of float16 values around `a` (subnormals below 2^-14 share the spacing 2^-24).
  const exponent = Math.max(Math.floor(Math.log2(a)), -14);
  const step = 2 ** (exponent - 10);
  let q = a / step;
  const floor = Math.floor(q);
  const rest = q - floor;
  q = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return Math.sign(x) * q * step;
}

const UNIT_DIGITS: Record<TimeUnitName, number> = { s: 0, ms: 3, us: 6, ns: 9 };
const UNIT_PER_SECOND: Record<TimeUnitName, bigint> = { s: 1n, ms: 1000n, us: 1_000_000n, ns: 1_000_000_000n };
const UNIT_LABEL: Record<TimeUnitName, string> = { s: 's', ms: 'ms', us: 'µs', ns: 'ns' };

/** Floor division and its remainder, for counts before 1970 (−1 ms is 23:59:59.999 of the day before). */
function floorDivMod(a: bigint, b: bigint): [bigint, bigint] {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    q -= 1n;
    r += b;
  }
  return [q, r];
}

/** Days since 1970-01-01 → proleptic Gregorian year, month, day (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 year: four digits, a sign beyond 0000–9999. */
function isoYear(y: number): string {
  if (y >= 0 && y <= 9999) return pad(y, 4);
  return `${y < 0 ? '-' : '+'}${pad(Math.abs(y), 6)}`;
}

/** Days since the epoch → `YYYY-MM-DD`. */
export function dateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${isoYear(y)}-${pad(m)}-${pad(d)}`;
}

/** A count of `unit` since midnight (or since an instant's second) → `HH:MM:SS` and the unit's fraction digits. */
function clockText(secondsOfDay: number, fraction: bigint, unit: TimeUnitName): string {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  const s = secondsOfDay % 60;
  const digits = UNIT_DIGITS[unit];
  return `${pad(h)}:${pad(m)}:${pad(s)}${digits ? `.${fraction.toString().padStart(digits, '0')}` : ''}`;
}

/** A time of day (time32/time64) → `HH:MM:SS[.fraction]`, the fraction as long as the unit. */
export function timeText(count: bigint, unit: TimeUnitName): string {
  const [seconds, fraction] = floorDivMod(count, UNIT_PER_SECOND[unit]);
  const [days, ofDay] = floorDivMod(seconds, 86_400n);
  // A time of day past midnight is malformed data; say so rather than wrap it around.
  return days === 0n ? clockText(Number(ofDay), fraction, unit) : `${count} ${UNIT_LABEL[unit]} (not a time of day)`;
}

/** Time zones written as offsets, and the names of UTC, need no zone database. */
const UTC_NAMES = new Set(['utc', 'etc/utc', 'z', 'gmt', 'etc/gmt', 'zulu', 'universal', 'etc/universal', '+00:00', '-00:00', '+0000']);
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/**
 * Seconds east of UTC of `zone` at an instant (local mean time before standard time has seconds: New York was
 * −04:56:02); undefined for an unknown zone or an instant Intl cannot hold.
 */
export function zoneOffsetSeconds(zone: string, epochSeconds: bigint): number | undefined {
  if (UTC_NAMES.has(zone.toLowerCase())) return 0;
  const fixed = OFFSET.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 3600 + Number(fixed[3]) * 60);
  const millis = Number(epochSeconds) * 1000;
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) return undefined;
  let format: Intl.DateTimeFormat | undefined;
  try {
    format = zoneFormats.get(zone) ?? new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch {
    return undefined;
  }
  zoneFormats.set(zone, format);
  const name = format.formatToParts(millis).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT') return 0;
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : undefined;
}
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A timestamp → ISO 8601 with every digit of its unit: `2024-01-01T09:00:00.000000+09:00`. With a time zone, the
 * local time there and its offset (`Z` for UTC); without one (a "naive" timestamp), no offset at all. A zone the
 * runtime does not know is shown in UTC with the zone's name: `… Z [Mars/Olympus]`.
 */
export function timestampText(count: bigint, unit: TimeUnitName, timezone: string | undefined, separator: 'T' | ' ' = 'T'): string {
  const [seconds, fraction] = floorDivMod(count, UNIT_PER_SECOND[unit]);
  let offset = 0;
  let suffix = '';
  if (timezone !== undefined) {
    const east = zoneOffsetSeconds(timezone, seconds);
    if (east === undefined) suffix = `Z [${timezone}]`;
    else {
      offset = east;
      suffix = east === 0 && UTC_NAMES.has(timezone.toLowerCase()) ? 'Z' : offsetText(east);
    }
  }
  const [days, ofDay] = floorDivMod(seconds + BigInt(offset), 86_400n);
  return `${dateText(Number(days))}${separator}${clockText(Number(ofDay), fraction, unit)}${suffix}`;
}

/** `+09:00`, and `-04:56:02` where the offset has seconds (as Python's isoformat writes it). */
function offsetText(seconds: number): string {
  const a = Math.abs(seconds);
  const s = a % 60;
  return `${seconds < 0 ? '-' : '+'}${pad(Math.floor(a / 3600))}:${pad(Math.floor(a / 60) % 60)}${s ? `:${pad(s)}` : ''}`;
}

/** date64 holds milliseconds; a whole day (as Arrow asks) reads as a date, anything else as a UTC date and time. */
export function date64Text(millis: bigint): string {
  const [days, rest] = floorDivMod(millis, 86_400_000n);
  return rest === 0n ? dateText(Number(days)) : timestampText(millis, 'ms', undefined);
}

export function durationText(count: bigint, unit: TimeUnitName): string {
  return `${count} ${UNIT_LABEL[unit]}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as lowercase hex, at most `maxBytes` of them. */
export function hexText(bytes: Uint8Array, maxBytes = Infinity): string {
  const n = Math.min(bytes.length, maxBytes);
  let out = '';
  for (let i = 0; i < n; i++) out += HEX[bytes[i]!];
  return out;
}

/** Bytes as base64 (the JSON and CSV form of binary values, as protobuf's and BigQuery's JSON write them). */
export function base64Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

// ---------------------------------------------------------------------------------------------------------------
// Whole values

/** A plain JSON value, as `JSON.stringify` writes it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value as plain JSON that loses nothing: int64 and uint64 as decimal strings (as protobuf's JSON mapping and
 * BigQuery do, so that every JSON reader keeps them exact), decimals as strings with all their digits, binary as
 * base64, dates, times and timestamps as ISO 8601 text with the unit's digits and the zone's offset, durations as a
 * string count of their unit, NaN and infinities as strings, lists as arrays, structs as objects, maps as
 * `[{"key": k, "value": v}]` (keys need not be strings and may repeat).
 */
export function jsonOf(field: Pick<ValueField, 'type'>, value: ArrowValue): JsonValue {
  if (value === null) return null;
  const t = field.type;
  switch (t.kind) {
    case 'null':
      return null;
    case 'bool':
      return value as boolean;
    case 'int':
      return t.bits === 64 ? String(value) : (value as number);
    case 'float':
      return Number.isFinite(value) ? Number(floatText(value as number, t.bits)) : String(value);
    case 'decimal':
      return decimalText(value as bigint, t.scale);
    case 'utf8':
      return value as string;
    case 'binary':
      return base64Text(value as Uint8Array);
    case 'date':
      return t.unit === 'day' ? dateText(value as number) : date64Text(value as bigint);
    case 'time':
      return timeText(value as bigint, t.unit);
    case 'timestamp':
      return timestampText(value as bigint, t.unit, t.timezone);
    case 'duration':
      return String(value);
    case 'interval':
      return intervalJson(t.unit, value as ArrowValue[]);
    case 'list':
      return (value as ArrowValue[]).map((v) => jsonOf(t.item, v));
    case 'struct': {
      const out: { [key: string]: JsonValue } = Object.create(null) as { [key: string]: JsonValue };
      t.fields.forEach((f, i) => (out[f.name] = jsonOf(f, (value as ArrowValue[])[i] ?? null)));
      return out;
    }
    case 'map':
      return (value as [ArrowValue, ArrowValue][]).map(([k, v]) => ({ key: jsonOf(t.key, k), value: jsonOf(t.value, v) }));
    case 'union': {
      const u = value as { field: number; value: ArrowValue };
      const f = t.fields[u.field];
      return f ? jsonOf(f, u.value) : null;
    }
  }
}

function intervalJson(unit: Extract<ValueType, { kind: 'interval' }>['unit'], parts: ArrowValue[]): JsonValue {
  if (unit === 'year_month') return { months: parts[0] as number };
  if (unit === 'day_time') return { days: parts[0] as number, milliseconds: parts[1] as number };
  return { months: parts[0] as number, days: parts[1] as number, nanoseconds: String(parts[2]) };
}

/**
 * A value as one line of text, as the CLI's table prints it and the grid shows a scalar: null as `NULL`, binary as
 * hex, timestamps with a space before the time, nested values as compact JSON.
 */
export function scalarText(field: Pick<ValueField, 'type'>, value: ArrowValue): string {
  if (value === null) return 'NULL';
  const t = field.type;
  switch (t.kind) {
    case 'float':
      return floatText(value as number, t.bits);
    case 'binary':
      return hexText(value as Uint8Array);
    case 'timestamp':
      return timestampText(value as bigint, t.unit, t.timezone, ' ');
    case 'duration':
      return durationText(value as bigint, t.unit);
    case 'utf8':
      return value as string;
    case 'list':
    case 'struct':
    case 'map':
    case 'interval':
      return JSON.stringify(jsonOf(field, value));
    case 'union': {
      const u = value as { field: number; value: ArrowValue };
      const f = t.fields[u.field];
      return f ? scalarText(f, u.value) : 'NULL';
    }
    default: {
      const j = jsonOf(field, value);
      return typeof j === 'string' ? j : JSON.stringify(j);
    }
  }
}

/** A CSV field (RFC 4180): null is an empty field, an empty string is `""`, binary is base64, nested values are JSON. */
export function csvField(field: Pick<ValueField, 'type'>, value: ArrowValue): string {
  if (value === null) return '';
  const t = field.type;
  let text: string;
  if (t.kind === 'binary') text = base64Text(value as Uint8Array);
  else if (t.kind === 'timestamp') text = timestampText(value as bigint, t.unit, t.timezone);
  else if (t.kind === 'duration') text = String(value);
  else text = scalarText(field, value);
  return text === '' || /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An embedding as a line: its first values and its size, `[0.12, -0.4, 0.9, … 768 dims]`. */
export function vectorSummary(item: Pick<ValueField, 'type'>, values: readonly ArrowValue[], shown = 3): string {
  const head = values.slice(0, shown).map((v) => scalarText(item, v));
  return `[${head.join(', ')}${values.length > shown ? `${head.length ? ', ' : ''}… ${values.length} dims` : ''}]`;
}

/**
 * A value as at most `max` characters of one line (the CLI's table, a grid cell): embeddings summarised, newlines
 * and tabs as `⏎`/`→`, longer text cut with `…`. The whole value is what JSON, CSV and the copy commands give.
 */
export function summaryText(field: Pick<ValueField, 'type'>, value: ArrowValue, max: number): string {
  if (value !== null && isVector(field.type)) {
    // As many leading values as fit, and always the size.
    const item = (field.type as Extract<ValueType, { kind: 'list' }>).item;
    const values = value as ArrowValue[];
    for (let shown = Math.min(3, values.length); shown > 0; shown--) {
      const text = vectorSummary(item, values, shown);
      if (text.length <= max) return text;
    }
    return `[… ${values.length} dims]`;
  }
  const text = scalarText(field, value)
    .replace(/\r\n|\r|\n/g, '⏎')
    .replace(/\t/g, '→');
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}
