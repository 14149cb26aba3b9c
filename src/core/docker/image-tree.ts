import type { EngineImageSummary } from './engine-json';
import { formatAge, formatSize, shortId } from './format';

export interface ImageTagNode {
  kind: 'image';
  id: string;
  shortId: string;
  repository: string;
  /** `<none>` for a dangling image. */
  tag: string;
  /** What `docker run` accepts for this node: repo:tag, or the image ID when dangling. */
  ref: string;
  dangling: boolean;
  size: number;
  sizeText: string;
  created: number;
  ageText: string;
  /** How many containers use the image, when the engine says (-1 or absent: unknown). */
  containers?: number;
}

export interface ImageRepositoryNode {
  kind: 'repository';
  repository: string;
  dangling: boolean;
  images: ImageTagNode[];
}

export interface ImageTreeOptions {
  showDangling: boolean;
  nowMs: number;
}

/** Splits "registry:5000/team/model:v1" into repository and tag (the tag follows the last colon after the last slash). */
export function splitRepoTag(repoTag: string): { repository: string; tag: string } {
  const slash = repoTag.lastIndexOf('/');
  const colon = repoTag.lastIndexOf(':');
  if (colon > slash) {
    return { repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
  }
  return { repository: repoTag, tag: 'latest' };
}

export const danglingRepository = '<none>';

function tagsOf(image: EngineImageSummary): string[] {
  return (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
}

/** Images grouped by repository (sorted), tags newest first; dangling images in one group, shown only when asked. */
export function buildImageTree(images: readonly EngineImageSummary[], options: ImageTreeOptions): ImageRepositoryNode[] {
  const groups = new Map<string, ImageTagNode[]>();
  const add = (repository: string, node: ImageTagNode) => {
    let list = groups.get(repository);
    if (!list) {
      list = [];
      groups.set(repository, list);
    }
    list.push(node);
  };
  for (const image of images) {
    const base = {
      kind: 'image' as const,
      id: image.Id,
      shortId: shortId(image.Id),
      size: image.Size,
      sizeText: formatSize(image.Size),
      created: image.Created,
      ageText: formatAge(image.Created, options.nowMs),
      ...(image.Containers !== undefined && image.Containers >= 0 ? { containers: image.Containers } : {}),
    };
    const tags = tagsOf(image);
    if (tags.length === 0) {
      if (options.showDangling) {
        add(danglingRepository, { ...base, repository: danglingRepository, tag: '<none>', ref: image.Id, dangling: true });
      }
      continue;
    }
    for (const repoTag of tags) {
      const { repository, tag } = splitRepoTag(repoTag);
      add(repository, { ...base, repository, tag, ref: repoTag, dangling: false });
    }
  }
  const byNewest = (a: ImageTagNode, b: ImageTagNode) => b.created - a.created || a.tag.localeCompare(b.tag);
  const repositories = [...groups.keys()].filter((r) => r !== danglingRepository).sort((a, b) => a.localeCompare(b));
  const tree: ImageRepositoryNode[] = repositories.map((repository) => ({
    kind: 'repository',
    repository,
    dangling: false,
    images: (groups.get(repository) ?? []).sort(byNewest),
  }));
  const dangling = groups.get(danglingRepository);
  if (dangling) {
    tree.push({ kind: 'repository', repository: danglingRepository, dangling: true, images: dangling.sort(byNewest) });
  }
  return tree;
}

/** How many images have no tag at all (what "prune dangling" would consider). */
export function countDangling(images: readonly EngineImageSummary[]): number {
  return images.filter((i) => tagsOf(i).length === 0).length;
}
