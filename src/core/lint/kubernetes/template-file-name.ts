/**
 * `tpl`, `tmpl` or `envsubst` as a word of the name (`job-tpl.yaml`, `pod.envsubst.yaml`), `template` as a part between
 * dots (`deploy.template.yaml`): `workflow-template.yaml` and `pod-template.yaml` name the kind of object they hold.
 */
const templateWordRe = /(?:^|[._-])(?:tpl|tmpl|envsubst)(?:[._-]|$)|(?:^|\.)template(?:\.|$)/i;
/** The extension of a file a tool renders: autoconf's `.in`, Jinja's `.j2`, Go's `.gotmpl`, ERB, Terraform's `.tftpl`. */
const templateExtensionRe = /\.(?:in|j2|jinja2?|gotmpl|erb|tftpl|mustache)$/i;

/**
 * A file named as a template that a tool renders before it is applied (`deploy.template.yaml`, `deploy.yaml.tpl`,
 * `deploy.yaml.in`, `deploy.yaml.j2`): its shell variables are filled in, on purpose. Only the file's own name counts
 * (`path` is relative to the project root; a folder such as `templates/` says nothing of its files).
 */
export function isTemplateFileName(path: string | undefined): boolean {
  if (path === undefined) {
    return false;
  }
  const name = path.split(/[\\/]/).pop() ?? '';
  return templateWordRe.test(name) || templateExtensionRe.test(name);
}
