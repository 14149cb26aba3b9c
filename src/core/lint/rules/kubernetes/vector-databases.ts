import { namesImage } from '../../single-process-servers';

/**
 * Vector databases that build or search their indexes on a GPU (Milvus, Qdrant, Weaviate, Vearch, Vald): a GPU holds
 * their indexes, never downloaded model weights. Whole words of the image repository, as namesImage.
 */
const vectorDatabases: readonly string[] = ['milvus', 'qdrant', 'weaviate', 'vearch', 'vald'];

export function isVectorDatabase(repository: string): boolean {
  return repository !== '' && vectorDatabases.some((name) => namesImage(repository, name));
}
