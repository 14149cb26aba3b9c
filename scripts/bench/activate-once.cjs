// Prints the milliseconds one fresh process spends loading dist/extension.js and running activate().
const path = require('node:path');
const { registered } = require('./vscode-stub.cjs');
const start = process.hrtime.bigint();
const ext = require(path.resolve(process.argv[2] ?? 'dist/extension.js'));
const context = { subscriptions: [], extensionUri: { fsPath: process.cwd() }, workspaceState: { get: () => undefined, update: async () => undefined }, globalState: { get: () => undefined, update: async () => undefined } };
ext.activate(context);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, commands: registered.length }));
// Only the synchronous start-up is measured; stubbed async work (e.g. a view connecting) is cut off here.
process.exit(0);
