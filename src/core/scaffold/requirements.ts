/** Package requirements from requirements.txt, pyproject.toml and environment.yml (pure text parsing). */
export interface Requirement {
  name: string;
  version?: string;
}

/** PEP 503 normalisation: lower case, runs of -_. become one dash. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function parseSpec(spec: string): Requirement | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(==|>=|~=|<=|>|<|=)\s*([0-9][^\s,;#]*))?/.exec(spec);
  if (!m?.[1]) {
    return undefined;
  }
  const exact = m[2] === '==' || m[2] === '=' || m[2] === '~=' || m[2] === '>=';
  return m[3] && exact ? { name: normaliseName(m[1]), version: m[3].replace(/\.\*$/, '') } : { name: normaliseName(m[1]) };
}

export function parseRequirementsTxt(text: string): Requirement[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('-'))
    .map(parseSpec)
    .filter((r): r is Requirement => r !== undefined);
}

/** PEP 621 `dependencies = [...]` and Poetry `[tool.poetry.dependencies]` tables. */
export function parsePyproject(text: string): { requirements: Requirement[]; python?: string } {
  const out: Requirement[] = [];
  let python: string | undefined;
  const deps = /^\s*dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(text);
  if (deps?.[1]) {
    for (const m of deps[1].matchAll(/["']([^"']+)["']/g)) {
      const r = m[1] ? parseSpec(m[1]) : undefined;
      if (r) {
        out.push(r);
      }
    }
  }
  const poetry = /^\[tool\.poetry\.dependencies\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text);
  if (poetry?.[1]) {
    for (const m of poetry[1].matchAll(/^\s*([A-Za-z0-9._-]+)\s*=\s*["'{]\s*(?:version\s*=\s*["'])?[\^~=>]*([0-9][^"',}]*)?/gm)) {
      if (m[1] === 'python') {
        python = m[2];
      } else if (m[1]) {
        out.push(m[2] ? { name: normaliseName(m[1]), version: m[2] } : { name: normaliseName(m[1]) });
      }
    }
  }
  const requires = /^\s*requires-python\s*=\s*["'][^0-9]*([0-9]+\.[0-9]+)/m.exec(text);
  python ??= requires?.[1];
  return python ? { requirements: out, python } : { requirements: out };
}

/** Conda `dependencies:` entries (`- pytorch=2.3`) and the nested `- pip:` list. */
export function parseEnvironmentYml(text: string): { requirements: Requirement[]; python?: string } {
  const out: Requirement[] = [];
  let python: string | undefined;
  for (const m of text.matchAll(/^\s*-\s+([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s*(==|=|>=)\s*([0-9][^\s#]*))?\s*$/gm)) {
    const name = m[1] ?? '';
    if (name === 'pip') {
      continue;
    }
    if (name === 'python') {
      python = m[3];
      continue;
    }
    out.push(m[3] ? { name: normaliseName(name), version: m[3].replace(/\.\*$/, '') } : { name: normaliseName(name) });
  }
  return python ? { requirements: out, python } : { requirements: out };
}
