// The last step of `make spa`: content-hashed names, pre-compressed copies, preloading, the size
// report and the budgets.
//
//   node frontend/finish.mjs DIST FIRST_LOAD_LIMIT CHUNK_LIMIT
//
// - Every file but index.html gets its content's hash in its name (`name-0123456789abcdef.ext`),
//   and every reference to it (in index.html, the JS glue, the split loader, the stylesheet) is
//   rewritten. The server keeps such names for a year (`immutable`); index.html, revalidated on
//   every visit, is what picks up a release. Files that name each other (the wasm-bindgen glue
//   imports the split loader, which imports the glue) share one hash, taken over all of them.
// - Each file gets `.br` and `.gz` siblings; the server sends the one the browser accepts.
// - index.html preloads the main wasm and the glue's modules, so their download starts with the
//   page instead of after the scripts ran.
// - Budgets, in bytes as served (brotli): what `/` needs before it is interactive (the main wasm
//   and the scripts), and each route's own chunk. A build over either fails.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [dist, firstLoadArg, chunkArg] = process.argv.slice(2);
if (!dist || !firstLoadArg || !chunkArg) {
  console.error('usage: node frontend/finish.mjs DIST FIRST_LOAD_LIMIT CHUNK_LIMIT');
  process.exit(2);
}
const firstLoadLimit = Number(firstLoadArg);
const chunkLimit = Number(chunkArg);

const MAIN_WASM = 'youai_frontend_bg.wasm';
const GLUE = 'youai_frontend.js';
const BOOT = 'boot.js';
const SPLIT_LOADER = '__wasm_split.js';
const TEXT = /\.(js|css|html|svg|json)$/;

const names = readdirSync(dist).filter((n) => statSync(join(dist, n)).isFile());
for (const n of readdirSync(dist)) {
  if (!names.includes(n)) {
    // wasm-bindgen's `snippets/` (inline JS) would need its names rewritten too; we have none.
    console.error(`error: ${dist}/${n} is a folder; finish.mjs hashes top-level files only`);
    process.exit(1);
  }
}
const content = new Map(names.map((n) => [n, readFileSync(join(dist, n))]));

// A reference is the file's name right after a quote or a slash, and right before a quote; not
// an object's key (`"./__wasm_split.js": import1` names the wasm's import module, not a file).
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const refPattern = (name) =>
  new RegExp(`(?<=["'\`/(])${escape(name)}(?=["'\`)?#])(?!["'\`]\\s*:)`, 'g');
const referencedBy = (file) =>
  TEXT.test(file)
    ? names.filter((other) => other !== file && refPattern(other).test(content.get(file).toString('utf8')))
    : [];
const edges = new Map(names.map((n) => [n, referencedBy(n)]));

// Tarjan's strongly connected components: yields components dependencies-first.
function components() {
  let index = 0;
  const stack = [];
  const info = new Map();
  const out = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of edges.get(v)) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      out.push(component.sort());
    }
  };
  for (const n of [...names].sort()) if (!info.has(n)) visit(n);
  return out;
}

const renamed = new Map(); // old name -> new name
const rewrite = (file, map) => {
  let text = content.get(file).toString('utf8');
  for (const [from, to] of map) text = text.replace(refPattern(from), to);
  content.set(file, Buffer.from(text, 'utf8'));
};
const hashedName = (name, hash) => {
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}-${hash}${name.slice(dot)}`;
};

for (const component of components()) {
  // References out of the component point at files already named.
  for (const file of component) if (TEXT.test(file)) rewrite(file, renamed);
  if (component.includes('index.html')) continue; // index.html keeps its name and names no cycle
  const hash = createHash('sha256');
  for (const file of component) hash.update(file).update(content.get(file));
  const digest = hash.digest('hex').slice(0, 16);
  const newNames = new Map(component.map((f) => [f, hashedName(f, digest)]));
  for (const file of component) if (TEXT.test(file)) rewrite(file, newNames);
  for (const [from, to] of newNames) renamed.set(from, to);
}

// index.html: start the main wasm's and the glue's downloads with the page's own.
const served = (name) => renamed.get(name) ?? name;
let html = content.get('index.html').toString('utf8');
const preloads = [
  `<link rel="preload" href="/${served(MAIN_WASM)}" as="fetch" type="application/wasm" crossorigin>`,
  ...[GLUE, SPLIT_LOADER]
    .filter((n) => content.has(n))
    .filter((n) => !html.includes(`rel="modulepreload" href="/${served(n)}"`))
    .map((n) => `<link rel="modulepreload" href="/${served(n)}">`),
];
html = html.replace('</head>', `  ${preloads.join('\n  ')}\n</head>`);
content.set('index.html', Buffer.from(html, 'utf8'));

// Write under the new names, with compressed siblings.
const sizes = new Map();
for (const [old, data] of content) {
  const name = served(old);
  if (name !== old) renameSync(join(dist, old), join(dist, name));
  writeFileSync(join(dist, name), data);
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(join(dist, `${name}.br`), br);
  writeFileSync(join(dist, `${name}.gz`), gz);
  sizes.set(old, { name, raw: data.length, br: br.length, gz: gz.length });
}

// The report and the budgets.
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const row = (label, s) =>
  `  ${label.padEnd(58)} ${kb(s.raw).padStart(10)} ${kb(s.gz).padStart(10)} ${kb(s.br).padStart(10)}`;
const firstLoad = [MAIN_WASM, GLUE, SPLIT_LOADER, BOOT].filter((n) => sizes.has(n));
const chunks = [...sizes.keys()].filter((n) => n.endsWith('.wasm') && n !== MAIN_WASM);
// wasm-split names a route's own chunk after its split point (`…Route_View…`); the others hold
// code that several routes share.
const routeChunks = chunks.filter((n) => /route_view/i.test(n));
const sharedChunks = chunks.filter((n) => !routeChunks.includes(n));
const sum = (list) =>
  list.reduce((a, n) => ({ raw: a.raw + sizes.get(n).raw, gz: a.gz + sizes.get(n).gz, br: a.br + sizes.get(n).br }), {
    raw: 0,
    gz: 0,
    br: 0,
  });

console.log(`  ${'file'.padEnd(58)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
console.log('first load of /:');
for (const n of firstLoad) console.log(row(sizes.get(n).name, sizes.get(n)));
const first = sum(firstLoad);
console.log(row('total', first));
console.log(`route chunks (${routeChunks.length}):`);
for (const n of routeChunks.sort((a, b) => sizes.get(b).br - sizes.get(a).br)) console.log(row(sizes.get(n).name, sizes.get(n)));
console.log(row('total', sum(routeChunks)));
const shared = sum(sharedChunks);
console.log(`shared chunks: ${sharedChunks.length}, ${kb(shared.br)} brotli in all, the largest ${kb(Math.max(0, ...sharedChunks.map((n) => sizes.get(n).br)))}`);

writeFileSync(
  join(dist, 'build-manifest.json'),
  JSON.stringify(
    {
      first_load: Object.fromEntries(firstLoad.map((n) => [sizes.get(n).name, sizes.get(n)])),
      route_chunks: Object.fromEntries(routeChunks.map((n) => [sizes.get(n).name, sizes.get(n)])),
      shared_chunks: Object.fromEntries(sharedChunks.map((n) => [sizes.get(n).name, sizes.get(n)])),
      limits: { first_load_brotli: firstLoadLimit, route_chunk_brotli: chunkLimit },
    },
    null,
    2,
  ),
);

let over = false;
if (first.br > firstLoadLimit) {
  console.error(`error: the first load of / is ${first.br} bytes (brotli), over the budget of ${firstLoadLimit}`);
  over = true;
}
for (const n of chunks) {
  if (sizes.get(n).br > chunkLimit) {
    console.error(`error: ${sizes.get(n).name} is ${sizes.get(n).br} bytes (brotli), over the chunk budget of ${chunkLimit}`);
    over = true;
  }
}
if (routeChunks.length === 0) {
  console.error('error: no route chunks: the build did not split (see `make spa`)');
  over = true;
}
console.log(`budgets: first load ${kb(first.br)} of ${kb(firstLoadLimit)}; chunks ≤ ${kb(chunkLimit)} each`);
process.exit(over ? 1 : 0);
