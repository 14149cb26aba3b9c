import type { KubeObject } from '../kubernetes/model';
import type { Range, RuleFinding, RuleMeta } from '../types';
import type { WorkspaceModel } from './model';

/** The other file a cross-file finding relates to (SARIF relatedLocations, editor relatedInformation). */
export interface RelatedLocation {
  /** Workspace-relative path of the other file. */
  file: string;
  range: Range;
  message: string;
}

/** A finding in one workspace file; fixes edit that same file. */
export interface CrossFinding extends RuleFinding {
  path: string;
  /** The Kubernetes object the finding sits in, for `.mlc.yaml` object ignores. */
  object?: KubeObject;
  related?: RelatedLocation;
}

export interface CrossRule {
  meta: RuleMeta;
  check(ws: WorkspaceModel): CrossFinding[];
}
