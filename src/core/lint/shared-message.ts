import { memoByString } from './string-memo';

/**
 * One string object per distinct finding message. Tens of thousands of findings repeat a few thousand
 * messages, each built afresh from template parts: shared, they are kept once instead of as a tree of
 * string pieces per finding, and a report's cache of escaped messages hashes each only once.
 */
export const sharedMessage = memoByString((message: string) => message, 4096);
