/**
 * The image tags MLD202, MLK201 and MLC201 report as floating by default: `latest`, `latest` with a variant
 * (`latest-gpu`, `main-latest`), and the branch and channel builds a project re-pushes from its newest commit. Whole
 * tags only, so versioned flavours (`12.4.1-devel-ubuntu22.04`, `v1.2-dev3`, `24.05-py3`) stay pinned. hadolint
 * DL3007, kube-linter, kube-score and Polaris flag only `latest`; dclint adds `stable`, `beta`, `lts` and `test`,
 * which are left out here: the first three move only on a release, and `test` is as often a project's own fixed build.
 */
export const defaultFloatingTags: readonly string[] = ['latest', 'latest-*', '*-latest', 'main', 'master', 'develop', 'devel', 'dev', 'nightly', 'edge', 'unstable', 'canary'];

/** The default list and what it leaves out, as the rule descriptions give it. */
export const defaultFloatingTagsText = `default list: ${defaultFloatingTags.join(', ')}; whole tags, so 12.4.1-devel-ubuntu22.04 is pinned; release channels such as stable only when configured`;

type TagTest = (tag: string) => boolean;

/** `*` stands for any run of characters; a tag never contains one, so a list of plain tags means what it did. */
function compile(patterns: readonly string[]): TagTest {
  if (patterns.length === 0) {
    return () => false;
  }
  const alternatives = patterns.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  const re = new RegExp(`^(?:${alternatives.join('|')})$`);
  return (tag) => re.test(tag);
}

const defaultTest = compile(defaultFloatingTags);
const configuredTests = new WeakMap<readonly unknown[], TagTest>();

/** The test for a rule's `floatingTags` option: its strings when it is a list, else the default list. */
export function floatingTagTest(option: unknown): TagTest {
  if (!Array.isArray(option)) {
    return defaultTest;
  }
  let test = configuredTests.get(option);
  if (!test) {
    test = compile(option.filter((t): t is string => typeof t === 'string'));
    configuredTests.set(option, test);
  }
  return test;
}
