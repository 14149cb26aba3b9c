export const usage = `Usage: mlc <command> [options]

Commands:
  doctor [--format text|json|markdown]   Check Docker, GPU support, kubeconfig and cluster access.
                                         Exit 0 when nothing is an error, 1 when something is, 2 on usage errors.

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.
`;
