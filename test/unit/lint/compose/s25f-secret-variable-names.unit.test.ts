import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** The file with the fixes of every MLC101 finding made. */
function fixed(text: string): string {
  return applyTextEdits(text, lintCompose(text).findings.filter((f) => f.ruleId === 'MLC101').flatMap((f) => f.fix?.edits ?? []));
}

/** A Spring Boot service given its datasource settings by property name (a MySQL + Spring Boot Compose file). */
const spring = (entry: string) => ['services:', '  genesys:', '    build: .', '    environment:', '      - spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver', `      - ${entry}`, ''].join('\n');

describe('s25f: MLC101 reads a secret from a variable Compose can interpolate', () => {
  it('spring.datasource.password is read from spring_datasource_password (`${a.b}` stops Compose: invalid interpolation format)', () => {
    assert.match(fixed(spring('spring.datasource.password=ThePassword')), /- "spring\.datasource\.password=\$\{spring_datasource_password:\?set spring_datasource_password in \.env\}"/);
  });

  it('DB-PASSWORD is read from DB_PASSWORD (`${DB-PASSWORD}` reads DB, with a default)', () => {
    assert.match(fixed('services:\n  app:\n    image: acme/app:1.0\n    environment:\n      DB-PASSWORD: s3cretpass\n'), /DB-PASSWORD: "\$\{DB_PASSWORD:\?set DB_PASSWORD in \.env\}"/);
  });

  it('the message names the variable the fix reads', () => {
    const [finding] = lintCompose(spring('spring.datasource.password=ThePassword')).findings.filter((f) => f.ruleId === 'MLC101');
    assert.match(finding?.message ?? '', /\(\$\{spring_datasource_password\}\)/);
  });

  it('near miss: a key that is already a variable name is read as written', () => {
    assert.match(fixed(spring('MYSQL_PASSWORD=ThePassword')), /- "MYSQL_PASSWORD=\$\{MYSQL_PASSWORD:\?set MYSQL_PASSWORD in \.env\}"/);
  });
});
