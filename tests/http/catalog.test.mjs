// Every catalog key that a template or a C source names exists in both
// catalogs. Reads the sources only; no server is started.
//
// A language's catalog is locales/LANG.json merged with locales/LANG/*.json
// (as src/view/i18n.c merges them). Keys are found:
//   - in templates, as {{t.section.key}}, also as {{#t.x}} and {{^t.x}};
//   - in C, as a string literal of the shape "section.word[.word...]" whose
//     first segment is a top-level section of a catalog, unless it is an audit
//     action name: an argument whose parameter is named `action` in the called
//     function's definition, or the value of a `.action =` designator.
// A key may name a message or a group of messages (a prefix completed at run
// time, e.g. the options of a select).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './lib.mjs';

const LANGS = ['id', 'en'];

/** Files under dir (relative to the repository) whose names end in ext. */
function walk(dir, ext) {
  const out = [];
  for (const ent of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...walk(rel, ext));
    else if (ent.name.endsWith(ext)) out.push(rel);
  }
  return out.sort();
}

function readJson(rel) {
  return JSON.parse(readFileSync(path.join(repoRoot, rel), 'utf8'));
}

/** The merged catalog of lang. */
function catalog(lang) {
  const cat = { ...readJson(`locales/${lang}.json`) };
  for (const rel of walk(`locales/${lang}`, '.json')) {
    for (const [k, v] of Object.entries(readJson(rel))) {
      assert.ok(!(k in cat), `${rel}: section ${k} is defined twice`);
      cat[k] = v;
    }
  }
  return cat;
}

const catalogs = Object.fromEntries(LANGS.map((l) => [l, catalog(l)]));
const sections = new Set(LANGS.flatMap((l) => Object.keys(catalogs[l])));

/** The languages whose catalog lacks key. */
function missingIn(key) {
  return LANGS.filter((l) => {
    let v = catalogs[l];
    for (const part of key.split('.')) {
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return true;
      v = v[part];
    }
    return false;
  });
}

/** 1-based line of offset in text. */
function lineOf(text, offset) {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** [{ where, key }] of every {{t.…}} tag in the templates. */
function templateKeys() {
  const out = [];
  for (const rel of walk('templates', '.mustache')) {
    const text = readFileSync(path.join(repoRoot, rel), 'utf8');
    for (const m of text.matchAll(/\{\{\{?\s*([#^&]?)\s*t\.([^\s}]+)\s*\}?\}\}/g)) {
      out.push({ where: `${rel}:${lineOf(text, m.index)}`, key: m[2] });
    }
  }
  return out;
}

/**
 * C text with comments blanked out (kept as spaces, so offsets and lines
 * stay), a second copy where the inside of every string and character literal
 * is blanked too, so that brackets and commas in literals do not count, and
 * the offsets where string literals start.
 */
function maskC(src) {
  const code = src.split('');
  const bare = src.split('');
  const starts = new Set();
  const blank = (arr, from, to) => {
    for (let k = from; k < to; k++) if (arr[k] !== '\n') arr[k] = ' ';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && (src[i + 1] === '*' || src[i + 1] === '/')) {
      const end = src[i + 1] === '*' ? src.indexOf('*/', i + 2) : src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end + (src[i + 1] === '*' ? 2 : 0);
      blank(code, i, stop);
      blank(bare, i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < src.length && src[k] !== c && src[k] !== '\n') k += src[k] === '\\' ? 2 : 1;
      if (c === '"') starts.add(i);
      blank(bare, i + 1, k);
      i = k + 1;
    } else {
      i++;
    }
  }
  return { code: code.join(''), bare: bare.join(''), starts };
}

/** The names of a parameter list's parameters ("void" is none). */
function paramNames(list) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts.map((p) => {
    const m = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$/.exec(p.trim());
    return m && m[1] !== 'void' ? m[1] : null;
  });
}

/**
 * Every function defined in the C files: name -> [{ file, params }]. The
 * house style puts the return type on a line of its own, so a definition
 * starts its line with the function's name.
 */
function definitions(files) {
  const defs = new Map();
  for (const { rel, bare } of files) {
    for (const m of bare.matchAll(/^([A-Za-z_]\w*)\(/gm)) {
      let depth = 1;
      let k = m.index + m[0].length;
      while (k < bare.length && depth > 0) {
        if (bare[k] === '(') depth++;
        else if (bare[k] === ')') depth--;
        k++;
      }
      if (!/^\s*\{/.test(bare.slice(k, k + 200))) continue; // a prototype or a macro
      const params = paramNames(bare.slice(m.index + m[0].length, k - 1));
      if (!defs.has(m[1])) defs.set(m[1], []);
      defs.get(m[1]).push({ file: rel, params });
    }
  }
  return defs;
}

/**
 * Where the literal starting at offset pos of bare stands: { fn, index } when
 * it is argument index of a call to fn, { designator } when it is the value of
 * `.name =` in a braced initializer, or {} elsewhere.
 */
function position(bare, pos) {
  let depth = 0;
  let commas = 0;
  let argStart = -1;
  for (let k = pos - 1; k >= 0; k--) {
    const ch = bare[k];
    if (ch === ')' || ch === ']' || ch === '}') {
      depth++;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (argStart < 0) argStart = k + 1;
      if (ch === '(') {
        const m = /([A-Za-z_]\w*)\s*$/.exec(bare.slice(Math.max(0, k - 64), k));
        return m ? { fn: m[1], index: commas } : {};
      }
      const d = /^\s*\.([A-Za-z_]\w*)\s*=/.exec(bare.slice(argStart, pos));
      return ch === '{' && d ? { designator: d[1] } : {};
    } else if (depth === 0 && ch === ',') {
      if (argStart < 0) argStart = k + 1;
      commas++;
    } else if (depth === 0 && ch === ';') {
      return {};
    }
  }
  return {};
}

/** The name of parameter index of fn as called from file, or null. */
function paramName(defs, fn, file, index) {
  const all = defs.get(fn) || [];
  const own = all.filter((d) => d.file === file);
  const names = new Set((own.length ? own : all).map((d) => d.params[index] ?? null));
  return names.size === 1 ? [...names][0] : null;
}

/** [{ where, key }] of every catalog key named by a C source under src/. */
function sourceKeys() {
  const files = [...walk('src', '.c'), ...walk('src', '.h')].map((rel) => {
    const src = readFileSync(path.join(repoRoot, rel), 'utf8');
    return { rel, ...maskC(src) };
  });
  const defs = definitions(files);
  const out = [];
  for (const { rel, code, bare, starts } of files) {
    for (const m of code.matchAll(/"([a-z_]+(?:\.[A-Za-z0-9_]+)+)"/g)) {
      if (!starts.has(m.index)) continue; // a closing quote
      if (!sections.has(m[1].split('.')[0])) continue;
      const at = position(bare, m.index);
      if (at.designator === 'action') continue;
      if (at.fn && paramName(defs, at.fn, rel, at.index) === 'action') continue;
      out.push({ where: `${rel}:${lineOf(code, m.index)}`, key: m[1] });
    }
  }
  return out;
}

/** The failure message for keys that a catalog lacks, or '' when none. */
function report(found) {
  return found
    .map(({ where, key }) => ({ where, key, langs: missingIn(key) }))
    .filter((x) => x.langs.length > 0)
    .map((x) => `${x.where}: ${x.key} (missing in ${x.langs.map((l) => `locales/${l}*`).join(', ')})`)
    .join('\n');
}

test('both catalogs have every key the templates name', () => {
  const found = templateKeys();
  assert.ok(found.length > 100, `keys found in templates: ${found.length}`);
  assert.equal(report(found), '');
});

test('both catalogs have every key the C sources name', () => {
  const found = sourceKeys();
  assert.ok(found.length > 100, `keys found in src/: ${found.length}`);
  assert.equal(report(found), '');
});

test('audit action names are not taken for keys', () => {
  const keys = new Set(sourceKeys().map((x) => x.key));
  for (const action of ['role.grant', 'role.revoke', 'rulebook.import', 'declaration.request']) {
    assert.ok(!keys.has(action), `${action} is an audit action`);
  }
  for (const key of ['declaration.form_invalid', 'evaluation.result.pass', 'nav.home']) {
    assert.ok(keys.has(key), `${key} is a key`);
  }
});
