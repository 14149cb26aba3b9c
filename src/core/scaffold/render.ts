/**
 * A tiny logic-less renderer for the template data files:
 * `{{name}}` is replaced by a value; lines `{{#flag}}` … `{{/flag}}` keep their body when the flag is
 * truthy, `{{^flag}}` … `{{/flag}}` when it is falsy. Section tags stand alone on their lines.
 */
export type TemplateValues = Record<string, string | number | boolean | undefined>;

const sectionLine = /^\s*\{\{([#^/])([\w.]+)\}\}\s*$/;

export function renderTemplate(template: string, values: TemplateValues): string {
  const out: string[] = [];
  const stack: { name: string; keep: boolean }[] = [];
  for (const line of template.split('\n')) {
    const m = sectionLine.exec(line);
    if (m) {
      const [, sigil, name] = m as unknown as [string, string, string];
      if (sigil === '/') {
        const top = stack.pop();
        if (top?.name !== name) {
          throw new Error(`template: {{/${name}}} closes ${top ? `{{${top.name}}}` : 'nothing'}`);
        }
      } else {
        const truthy = Boolean(values[name]);
        stack.push({ name, keep: sigil === '#' ? truthy : !truthy });
      }
      continue;
    }
    if (stack.every((s) => s.keep)) {
      out.push(
        line.replace(/\{\{([\w.]+)\}\}/g, (_all, key: string) => {
          const v = values[key];
          if (v === undefined || typeof v === 'boolean') {
            throw new Error(`template: no value for {{${key}}}`);
          }
          return String(v);
        }),
      );
    }
  }
  if (stack.length > 0) {
    throw new Error(`template: {{${stack[stack.length - 1]?.name ?? ''}}} is never closed`);
  }
  return out.join('\n');
}
