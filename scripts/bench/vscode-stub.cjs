// A stand-in for the `vscode` module so activate() can run in plain Node and the benchmark can time
// the extension's own start-up cost (bundle load + activate) without an editor. Every API is a
// recursive no-op proxy: property reads, calls and `new` all yield another proxy.
const Module = require('node:module');

const registered = [];

function stub(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_target, prop) {
      if (prop === 'then' || prop === Symbol.toPrimitive) {
        return undefined;
      }
      if (prop === Symbol.iterator) {
        return function* empty() {};
      }
      if (prop === 'isTrusted') {
        return true;
      }
      if (prop === 'textDocuments' || prop === 'workspaceFolders' || prop === 'visibleTextEditors') {
        return [];
      }
      if (prop === 'registerCommand') {
        return (id) => {
          registered.push(id);
          return stub(`${name}.${id}`);
        };
      }
      return stub(`${name}.${String(prop)}`);
    },
    set() {
      return true;
    },
    apply() {
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}

// The top level is a plain object so esbuild's ESM interop can copy its names: every class,
// namespace, enum and function that @types/vscode declares.
const typesFile = require.resolve('@types/vscode/index.d.ts');
const names = new Set(
  [...require('node:fs').readFileSync(typesFile, 'utf8').matchAll(/^\t?export (?:class|namespace|enum|function|const|let) (\w+)/gm)].map((m) => m[1]),
);
const vscode = Object.fromEntries([...names].map((n) => [n, stub(n)]));
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
};
module.exports = { registered };
