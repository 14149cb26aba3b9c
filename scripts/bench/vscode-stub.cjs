// A minimal stand-in for the `vscode` module, enough for activate() to run in plain Node so the
// benchmark can time the extension's own start-up cost (bundle load + activate) without an editor.
const Module = require('node:module');

class Disposable {
  constructor(fn) { this.fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d.dispose())); }
  dispose() { this.fn?.(); }
}
class EventEmitter {
  constructor() { this.listeners = []; this.event = (l) => { this.listeners.push(l); return new Disposable(() => {}); }; }
  fire(e) { this.listeners.forEach((l) => l(e)); }
  dispose() { this.listeners = []; }
}
const channel = { info() {}, warn() {}, error() {}, dispose() {} };
const registered = [];
const vscode = {
  Disposable,
  EventEmitter,
  CancellationError: class CancellationError extends Error {},
  ProgressLocation: { Notification: 15 },
  Uri: { from: (parts) => ({ ...parts, toString: () => `${parts.scheme}:${parts.path}` }) },
  window: { createOutputChannel: () => channel },
  commands: { registerCommand: (id) => { registered.push(id); return new Disposable(() => {}); }, executeCommand: async () => undefined },
  workspace: { isTrusted: true, registerTextDocumentContentProvider: () => new Disposable(() => {}), getConfiguration: () => ({ get: () => undefined }) },
};

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
};
module.exports = { registered };
