/**
 * How deeply a JSON text nests, found by scanning (no recursion, no parse). JSON.parse copes with any depth, but
 * JSON.stringify, structuredClone and every recursive reader after it overflow the stack somewhere past a few
 * thousand levels; checking once here keeps all of them safe from a hostile or broken answer.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  if (text.length <= max) return false; // nesting past `max` needs more than `max` brackets
  if (!hasMoreOpeners(text, max)) return false; // the same, counted with indexOf (native, fast) before the scan
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function hasMoreOpeners(text: string, max: number): boolean {
  let n = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) if (++n > max) return true;
  }
  return false;
}

/** Deep enough for any real catalog answer (a 200-level nested schema is about 600), far below where structuredClone (about 1,500) or JSON.stringify overflow. */
export const MAX_JSON_DEPTH = 1000;
