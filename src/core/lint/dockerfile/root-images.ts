import type { ImageRef } from './image-ref';
import { isNgcPytorch, isNvidiaCuda, isPytorchImage } from './image-ref';

/**
 * Docker Official Images whose Dockerfiles set no USER: the distributions, the language and build images, and the
 * databases whose entrypoint starts as root to step down with gosu (MLD104 judges that step-down on its own).
 */
const officialRootImages = new Set([
  'ubuntu', 'debian', 'alpine', 'busybox', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'photon',
  'python', 'pypy', 'node', 'golang', 'rust', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ruby', 'php', 'perl', 'r-base', 'julia', 'gcc',
  'buildpack-deps', 'haskell', 'erlang', 'elixir', 'swift', 'maven', 'httpd', 'tomcat', 'nginx', 'caddy',
  'postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'rabbitmq', 'cassandra', 'zookeeper', 'flink',
]);

/**
 * Other images that end as root: conda's (continuumio, condaforge), TensorFlow's, Bitnami's python, git, minideb and
 * moodle (the rest of bitnami/* end with USER 1001), Red Hat's UBI base images and ROCm's.
 */
const vendorRootImages = new Set([
  'continuumio/miniconda3', 'continuumio/anaconda3', 'condaforge/miniforge3', 'condaforge/mambaforge', 'tensorflow/tensorflow',
  'bitnami/python', 'bitnami/git', 'bitnami/minideb', 'bitnami/moodle', 'rocm/pytorch', 'rocm/pytorch-nightly',
]);
const rocmDevRe = /^rocm\/dev-(?:ubuntu|centos|almalinux)-[\d.]+$/;
const ubiBaseRe = /^ubi\d+(?:-minimal|-micro|-init)?(?:\/ubi(?:-minimal|-micro|-init)?)?$/;
const ngcRootImages = new Set(['nvidia/tensorflow', 'nvidia/cuda-dl-base']);

/**
 * Base images known to leave the user root, whose containers therefore run as root unless the Dockerfile sets a USER.
 * Official images count under any registry that mirrors them with the `library/` path (`public.ecr.aws/docker/library/python`).
 */
export function knownRootImage(ref: ImageRef): boolean {
  const official = /(?:^|\/)library\/([^/]+)$/.exec(ref.path)?.[1];
  if (official !== undefined) {
    return officialRootImages.has(official);
  }
  if (isNvidiaCuda(ref) || isPytorchImage(ref) || isNgcPytorch(ref) || (ref.domain === 'nvcr.io' && ngcRootImages.has(ref.path))) {
    return true;
  }
  if (ref.domain === 'registry.access.redhat.com' || ref.domain === 'registry.redhat.io') {
    return ubiBaseRe.test(ref.path);
  }
  return ref.domain === 'docker.io' && (vendorRootImages.has(ref.path) || rocmDevRe.test(ref.path));
}
