export const usage = `Usage: mlc <command> [options]

Commands:
  doctor [--format text|json|markdown]   Check Docker, GPU support, kubeconfig and cluster access.
                                         Exit 0 when nothing is an error, 1 when something is, 2 on usage errors.
  lint [paths…] [--format text|json|sarif] [--config .mlc.yaml] [--failure-threshold error|warning|info|hint]
                                         Lint Dockerfiles (recursing into folders). Exit 0 clean, 1 findings at or
                                         above the threshold, 2 usage or I/O error. \`mlc lint --help\` for more.
  scaffold --out DIR [--workload inference|training|retraining|notebook] [--gpu|--cpu] [--framework F] [--yes]
                                         Generate container files. Exit 0 written, 1 existing files skipped,
                                         2 usage error. \`mlc scaffold --help\` for more.

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.
`;
