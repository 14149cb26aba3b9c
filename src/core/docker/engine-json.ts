/** The parts of the Engine API's JSON answers the explorer reads (API 1.41+). */

export interface EngineImageSummary {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** Unix seconds. */
  Created: number;
  Size: number;
  Labels?: Record<string, string> | null;
  Containers?: number;
}

export interface EnginePort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface EngineContainerSummary {
  Id: string;
  Names?: string[] | null;
  Image: string;
  ImageID?: string;
  Command?: string;
  /** Unix seconds. */
  Created: number;
  State: string;
  Status: string;
  Ports?: EnginePort[] | null;
  Labels?: Record<string, string> | null;
}

export interface EngineDeviceRequest {
  Driver?: string;
  Count?: number;
  DeviceIDs?: string[] | null;
  Capabilities?: string[][] | null;
  Options?: Record<string, string> | null;
}

/** One message of GET /events. */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
}
