// dockerfile-utils as a linter run: one Node process that loads the library and validates every
// file named on the command line (the fair counterpart of one `mlc lint DIR` process; it has no
// directory-walking CLI of its own). Prints the number of files and diagnostics as JSON.
const { readFileSync } = require('node:fs');
const { validate } = require('dockerfile-utils');

let diagnostics = 0;
const files = process.argv.slice(2);
for (const file of files) {
  diagnostics += validate(readFileSync(file, 'utf8')).length;
}
process.stdout.write(JSON.stringify({ files: files.length, diagnostics }) + '\n');
