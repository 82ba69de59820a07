// The YAML parser (yaml), a chunk of its own (dist/lazy/yaml.js), loaded by ./load.ts when a .pyiceberg.yaml is read.
export { parseDocument } from 'yaml';
