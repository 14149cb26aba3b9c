// Regenerates the commands and settings tables in README.md from package.json.
// --check: exit 1 when README.md is out of date instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const commands = [
  '| Command | Title |',
  '| --- | --- |',
  ...pkg.contributes.commands.map((c) => `| \`${c.command}\` | ${cell(`${c.category}: ${c.title}`)} |`),
].join('\n');
const props = pkg.contributes.configuration.properties;
const settings = [
  '| Setting | Default | Description |',
  '| --- | --- | --- |',
  ...Object.entries(props).map(([key, p]) => `| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${cell(p.markdownDescription ?? p.description ?? '')} |`),
].join('\n');

function replaceBlock(text, name, body) {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`README.md lacks the ${start} … ${end} markers`);
  }
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const next = replaceBlock(replaceBlock(readme, 'commands', commands), 'settings', settings);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md is out of date with package.json: run `npm run docs`.');
    process.exit(1);
  }
  console.log('README.md tables match package.json.');
} else {
  writeFileSync('README.md', next);
}
