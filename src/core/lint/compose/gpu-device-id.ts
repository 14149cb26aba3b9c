/**
 * One GPU as a visible-devices variable names it, no list: an index (`0`), a GPU UUID (`GPU-1a2b…`), a MIG device UUID
 * (`MIG-…`, `MIG-GPU-…/1/0`), or, for the NVIDIA Container Toolkit, a MIG device by GPU and MIG index (`0:1`).
 */
export const gpuDeviceIdRe = /^(?:\d+(?::\d+)?|(?:GPU|MIG)-[\w-]+(?:\/\d+\/\d+)?)$/;
