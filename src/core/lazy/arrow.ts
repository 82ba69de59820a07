// apache-arrow's IPC reader and its type enums: a chunk of its own (dist/lazy/arrow.js), loaded by ./load.ts when the
// first rows of a table arrive (a preview, `nsb head`), never when the extension activates.
export { DateUnit, IntervalUnit, Precision, TimeUnit, Type, UnionMode, tableFromIPC } from 'apache-arrow';
