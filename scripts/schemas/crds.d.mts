// Types for the parts of crds.mjs that tests import.
export function withoutDefaultedRequired<T>(schema: T): T;
