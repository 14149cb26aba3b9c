// Types for the parts of crds.mjs that tests import.
export function withoutDefaultedRequired<T>(schema: T): T;
export function withoutWebhookDefaultedRequired<T>(schema: T, paths: readonly string[]): T;
